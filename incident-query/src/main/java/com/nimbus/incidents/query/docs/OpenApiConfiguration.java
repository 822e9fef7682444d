package com.nimbus.incidents.query.docs;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
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

	/** The name of the bearer security scheme in {@code components.securitySchemes}. */
	static final String BEARER = "bearer";

	@Bean
	OpenAPI openApi() {
		return new OpenAPI()
			.info(new Info().title("incident-query")
				.version("0.1.0")
				.description("Reads of incidents: list, summary, timeline with metrics, raw event log, point-in-time "
						+ "state, reason-for-outage draft, customer impact, SLA credits, public status. Every answer "
						+ "carries the version it reflects. Errors are RFC 9457 problem details "
						+ "(application/problem+json). Reads need a bearer token (a JWT) whose roles claim allows "
						+ "them; the status page and its feed are public.")
				.contact(new Contact().name("Nimbus incident platform team").email("incident-platform@nimbus.example"))
				.license(new License().name("Proprietary").identifier("LicenseRef-Nimbus-Proprietary")))
			.servers(List.of(new Server().url("/").description("The service that serves this document"),
					new Server().url("http://127.0.0.1:8082").description("incident-query in the local stack")))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("A signed token whose roles claim lists the caller's roles")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
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
