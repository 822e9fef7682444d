package com.nimbus.incidents.command.docs;

import com.nimbus.incidents.support.docs.ApiDocument;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command API's OpenAPI document ({@code /v3/api-docs}, with a Swagger UI at
 * {@code /swagger-ui.html}): who it is from, where it runs, and that every operation
 * takes a signed bearer token (a JWT whose {@code roles} claim names the caller's roles).
 * The customizers beside this class name the operations, list the problems each answers,
 * and type decimals as strings.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI openApi() {
		return ApiDocument.describe("incident-command",
				"Responders' writes. Every command takes an optional occurredAt; If-Match guards against "
						+ "stale versions, Idempotency-Key makes retries safe. Errors are RFC 9457 problem details "
						+ "(application/problem+json). Every operation needs a bearer token (a JWT) whose roles "
						+ "claim allows it: RESPONDER writes incidents, FINANCE contracts, MONITOR sends signals.",
				8081);
	}

	/**
	 * The passes over the document, in order: name the operations (and move their success
	 * status), then their headers, then the problems they answer. One bean, because
	 * springdoc runs its customizers in no set order.
	 */
	@Bean
	OpenApiCustomizer apiDocuments() {
		return (openApi) -> {
			new OperationNames().customise(openApi);
			new WriteHeaders().customise(openApi);
			new ProblemResponses().customise(openApi);
		};
	}

}
