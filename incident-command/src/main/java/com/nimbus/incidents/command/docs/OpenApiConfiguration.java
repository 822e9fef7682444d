package com.nimbus.incidents.command.docs;

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
 * The command API's OpenAPI document ({@code /v3/api-docs}, with a Swagger UI at
 * {@code /swagger-ui.html}): who it is from, where it runs, and that every operation
 * takes a signed bearer token (a JWT whose {@code roles} claim names the caller's roles).
 * The customizers beside this class name the operations, list the problems each answers,
 * and type decimals as strings.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** The name of the bearer security scheme in {@code components.securitySchemes}. */
	static final String BEARER = "bearer";

	@Bean
	OpenAPI openApi() {
		return new OpenAPI()
			.info(new Info().title("incident-command")
				.version("0.1.0")
				.description("Responders' writes. Every command takes an optional occurredAt; If-Match guards against "
						+ "stale versions, Idempotency-Key makes retries safe. Errors are RFC 9457 problem details "
						+ "(application/problem+json). Every operation needs a bearer token (a JWT) whose roles "
						+ "claim allows it: RESPONDER writes incidents, FINANCE contracts, MONITOR sends signals.")
				.contact(new Contact().name("Nimbus incident platform team").email("incident-platform@nimbus.example"))
				.license(new License().name("Proprietary").identifier("LicenseRef-Nimbus-Proprietary")))
			.servers(List.of(new Server().url("/").description("The service that serves this document"),
					new Server().url("http://127.0.0.1:8081").description("incident-command in the local stack")))
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
			new WriteHeaders().customise(openApi);
			new ProblemResponses().customise(openApi);
		};
	}

}
