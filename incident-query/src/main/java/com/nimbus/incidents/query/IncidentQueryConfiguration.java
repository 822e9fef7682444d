package com.nimbus.incidents.query;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IncidentQueryConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
