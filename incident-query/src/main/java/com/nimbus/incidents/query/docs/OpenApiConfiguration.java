package com.nimbus.incidents.query.docs;

import com.nimbus.incidents.support.docs.ApiDocument;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query API's OpenAPI document ({@code /v3/api-docs}, with a Swagger UI at
 * {@code /swagger-ui.html}): who it is from, where it runs, and that reads take a signed
 * bearer token (a JWT whose {@code roles} claim names the caller's roles), except the
 * public status page and its feed. The customizers beside this class name the operations,
 * list the problems each answers, and type decimals as strings.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI openApi() {
		return ApiDocument.describe("incident-query",
				"Reads of incidents: list, summary, timeline with metrics, raw event log, point-in-time "
						+ "state, reason-for-outage draft, customer impact, SLA credits, public status. Every answer "
						+ "carries the version it reflects. Errors are RFC 9457 problem details "
						+ "(application/problem+json). Reads need a bearer token (a JWT) whose roles claim allows "
						+ "them; the status page and its feed are public.",
				8082);
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
			DecimalStrings.uptimeShares(openApi);
			new ProblemResponses().customise(openApi);
		};
	}

}
