package com.nimbus.incidents.command.docs;

import java.util.List;

import com.nimbus.incidents.support.docs.ApiDocument;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents, on every operation, the RFC 9457 problem details the service answers with
 * ({@code application/problem+json}, schema {@code ProblemDetail}), by what the operation
 * is rather than one by one, so that a new endpoint gets them too:
 * <ul>
 * <li>every operation needs a token: 401 without a good one, 403 for a role that may
 * not;</li>
 * <li>a write (POST, PUT, DELETE) may be invalid (400), too large (413), in conflict with
 * the incident's state or an Idempotency-Key in use (409), reuse a key for another
 * request (422), or find the store away (503);</li>
 * <li>a read with parameters may be invalid (400) and reads the store (503);</li>
 * <li>an address naming something (a path variable; PUT creates at its address) may name
 * nothing (404);</li>
 * <li>an operation taking {@code If-Match} answers 412 to a stale version.</li>
 * </ul>
 */
class ProblemResponses implements OpenApiCustomizer {

	private static final List<PathItem.HttpMethod> WRITES = List.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
			PathItem.HttpMethod.DELETE, PathItem.HttpMethod.PATCH);

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas(ApiDocument.PROBLEM_SCHEMA, problemDetail());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			boolean write = WRITES.contains(method);
			boolean parameters = operation.getParameters() != null
					&& operation.getParameters().stream().anyMatch((parameter) -> "query".equals(parameter.getIn()));
			if (operation.getSecurity() == null || !operation.getSecurity().isEmpty()) {
				problem(operation, "401", "No valid bearer token (type …/unauthenticated)");
				problem(operation, "403", "The token's roles do not allow this (type …/forbidden)");
			}
			if (write || parameters) {
				problem(operation, "400",
						"Invalid input: errors[] names each field, parameter or header and what is allowed");
				problem(operation, "503", "The store cannot be reached"
						+ ((write && !path.equals("/api/signals") && !path.equals("/api/signals/alertmanager"))
								? ", or more writes are waiting than the service can answer (type …/overloaded)" : "")
						+ "; nothing was recorded. Retry after Retry-After")
					.addHeaderObject("Retry-After",
							new Header().description("Seconds to wait before retrying").schema(new IntegerSchema()));
			}
			if (write) {
				problem(operation, "409", "The incident's state forbids this (rule), it changed at the same moment, "
						+ "or a request with the same Idempotency-Key is still running or ended unknown");
				problem(operation, "413", "The body is over the size limit; nothing was recorded");
				problem(operation, "422", "The Idempotency-Key was used for a different request"
						+ (path.startsWith("/api/signals") ? ", or a signal cannot be placed" : ""));
			}
			if (path.contains("{") && method != PathItem.HttpMethod.PUT) {
				problem(operation, "404", "Nothing is known by that identifier");
			}
			if (operation.getParameters() != null && operation.getParameters()
				.stream()
				.anyMatch((parameter) -> "If-Match".equalsIgnoreCase(parameter.getName()))) {
				problem(operation, "412", "If-Match names a version the incident has moved past: "
						+ "currentVersion says where it is; read it again and retry");
			}
			ApiDocument.sortByStatus(operation);
		}));
	}

	private static ApiResponse problem(Operation operation, String status, String description) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		ApiResponse existing = operation.getResponses().get(status);
		if (existing != null && existing.getContent() != null
				&& existing.getContent().containsKey(ApiDocument.PROBLEM)) {
			return existing;
		}
		ApiResponse response = new ApiResponse().description(description).content(ApiDocument.problemContent());
		operation.getResponses().addApiResponse(status, response);
		return response;
	}

	/** RFC 9457, with the members this service adds. */
	static Schema<?> problemDetail() {
		return ApiDocument.problemDetail("Invalid input: each field and what is allowed")
			.addProperty("rule", new StringSchema().description("The incident rule a 409 broke"))
			.addProperty("currentVersion",
					new IntegerSchema().format("int64").description("With 412: the incident's version now"));
	}

}
