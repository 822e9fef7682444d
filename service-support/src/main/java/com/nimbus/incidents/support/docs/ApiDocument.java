package com.nimbus.incidents.support.docs;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * What every service's OpenAPI document says the same way: who it is from, where it runs
 * (the serving address and the local stack's), and that its operations take a signed
 * bearer token (a JWT whose {@code roles} claim names the caller's roles). Each service
 * adds its own operation names, problems and types.
 */
public final class ApiDocument {

	/** The name of the bearer security scheme in {@code components.securitySchemes}. */
	public static final String BEARER = "bearer";

	private ApiDocument() {
	}

	/**
	 * The document's frame.
	 * @param service the service's name, the document's title
	 * @param description what the API is for, in a few sentences
	 * @param localPort the service's port in the local stack
	 * @return a document with info, servers and the bearer scheme required everywhere
	 */
	public static OpenAPI describe(String service, String description, int localPort) {
		return new OpenAPI()
			.info(new Info().title(service)
				.version("0.1.0")
				.description(description)
				.contact(new Contact().name("Nimbus incident platform team").email("incident-platform@nimbus.example"))
				.license(new License().name("Proprietary").identifier("LicenseRef-Nimbus-Proprietary")))
			.servers(List.of(new Server().url("/").description("The service that serves this document"),
					new Server().url("http://127.0.0.1:" + localPort).description(service + " in the local stack")))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("A signed token whose roles claim lists the caller's roles")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
