package com.nimbus.incidents.query;

import java.time.Clock;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IncidentQueryConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	OpenAPI openApi() {
		return new OpenAPI().info(new Info().title("incident-query")
			.version("0.1.0")
			.description("Reads of incidents: list, summary, timeline with metrics, raw event log, point-in-time "
					+ "state, reason-for-outage draft, public status. Every answer carries the version it reflects."));
	}

}
