package com.nimbus.incidents.command;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI openApi() {
		return new OpenAPI().info(new Info().title("incident-command")
			.version("0.1.0")
			.description("Responders' writes. Every command takes an optional occurredAt; If-Match guards against "
					+ "stale versions, Idempotency-Key makes retries safe. Errors are RFC 9457 problem details."));
	}

}
