package com.nimbus.incidents.query.docs;

import com.nimbus.incidents.support.docs.ApiDocument;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents, on every operation, the RFC 9457 problem details the service answers with
 * ({@code application/problem+json}, schema {@code ProblemDetail}), by what the operation
 * is rather than one by one, so that a new endpoint gets them too:
 * <ul>
 * <li>an operation that needs a token: 401 without a good one, 403 for a role that may
 * not; it reads the store within the read budget, so one request too large to answer is
 * 422 and a busy or unreachable store 503;</li>
 * <li>an operation with query parameters may be given invalid ones (400);</li>
 * <li>an address naming something (a path variable) may name nothing (404);</li>
 * <li>a response already documented without a body (the status page's 503) gets the
 * problem it carries.</li>
 * </ul>
 */
class ProblemResponses implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas(ApiDocument.PROBLEM_SCHEMA, problemDetail());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			if (operation.getSecurity() == null || !operation.getSecurity().isEmpty()) {
				problem(operation, "401", "No valid bearer token (type …/unauthenticated)");
				problem(operation, "403", "The token's roles do not allow this (type …/forbidden)");
				problem(operation, "422",
						"Too large to answer in one request (type …/too-costly): ask for less, such as a narrower range");
				problem(operation, "503", "Too busy, or the store cannot be reached: retry after Retry-After")
					.addHeaderObject("Retry-After",
							new Header().description("Seconds to wait before retrying").schema(new IntegerSchema()));
			}
			if (operation.getParameters() != null
					&& operation.getParameters().stream().anyMatch((parameter) -> "query".equals(parameter.getIn()))) {
				problem(operation, "400", "Invalid parameters: errors[] names each one and what is allowed");
			}
			if (path.contains("{")) {
				problem(operation, "404", "Nothing is known by that identifier");
			}
			ApiResponse unavailable = (operation.getResponses() != null) ? operation.getResponses().get("503") : null;
			if (unavailable != null && unavailable.getContent() == null) {
				unavailable.content(ApiDocument.problemContent());
			}
			ApiDocument.sortByStatus(operation);
		}));
	}

	private static ApiResponse problem(Operation operation, String status, String description) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		ApiResponse existing = operation.getResponses().get(status);
		if (existing != null) {
			if (existing.getContent() == null) {
				existing.content(ApiDocument.problemContent());
			}
			return existing;
		}
		ApiResponse response = new ApiResponse().description(description).content(ApiDocument.problemContent());
		operation.getResponses().addApiResponse(status, response);
		return response;
	}

	/** RFC 9457, as this service answers it. */
	static Schema<?> problemDetail() {
		return ApiDocument.problemDetail("Invalid parameters: each one and what is allowed");
	}

}
