package com.nimbus.incidents.support.docs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
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

	/** The media type of a problem detail (RFC 9457). */
	public static final String PROBLEM = "application/problem+json";

	/** The problem detail's schema in {@code components.schemas}. */
	public static final String PROBLEM_SCHEMA = "ProblemDetail";

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

	/**
	 * A response body that is a problem detail.
	 * @return content of {@link #PROBLEM} with the {@link #PROBLEM_SCHEMA} schema
	 */
	public static Content problemContent() {
		return new Content().addMediaType(PROBLEM,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
	}

	/**
	 * RFC 9457's members as every service answers them: type, title and status always,
	 * detail, instance, and {@code errors[]} for invalid input.
	 * @param errors what the service's {@code errors[]} lists
	 * @return the schema, for a service to add its own members to
	 */
	public static ObjectSchema problemDetail(String errors) {
		ObjectSchema problem = new ObjectSchema();
		problem.description("An RFC 9457 problem detail; type is stable, detail is for people")
			.addProperty("type", new StringSchema().format("uri").description("The problem's stable type"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema().format("int32"))
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri-reference"))
			.addProperty("errors",
					new ArraySchema().description(errors)
						.items(new ObjectSchema().addProperty("field", new StringSchema())
							.addProperty("message", new StringSchema())))
			.addRequiredItem("type")
			.addRequiredItem("title")
			.addRequiredItem("status")
			.additionalProperties(Boolean.TRUE);
		return problem;
	}

	/**
	 * Lists an operation's responses in the order of their status codes.
	 */
	public static void sortByStatus(Operation operation) {
		Map<String, ApiResponse> sorted = new TreeMap<>(operation.getResponses());
		ApiResponses responses = new ApiResponses();
		sorted.forEach(responses::addApiResponse);
		operation.setResponses(responses);
	}

}
