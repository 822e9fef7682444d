package com.nimbus.incidents.command.docs;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents the two headers that make writes safe: {@code Idempotency-Key}, which the
 * idempotency filter honours on every write under {@code /api/} (no controller declares
 * it), and {@code If-Match}, which the incident commands declare and whose form this
 * describes.
 */
class WriteHeaders implements OpenApiCustomizer {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String IF_MATCH = "If-Match";

	private static final List<PathItem.HttpMethod> WRITES = List.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
			PathItem.HttpMethod.DELETE, PathItem.HttpMethod.PATCH);

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			if (WRITES.contains(method) && path.startsWith("/api/")) {
				idempotencyKey(operation);
			}
			ifMatch(operation);
		}));
	}

	private static void idempotencyKey(Operation operation) {
		if (has(operation, IDEMPOTENCY_KEY)) {
			return;
		}
		operation.addParametersItem(new HeaderParameter().name(IDEMPOTENCY_KEY)
			.required(false)
			.description("Makes a retry safe: the first request with this key runs, a repeat answers the first "
					+ "outcome (same status and body). 1 to 255 printable ASCII characters, kept 24 hours; reused "
					+ "for another request: 422")
			.schema(new StringSchema().minLength(1).maxLength(255).pattern("^[!-~]{1,255}$"))
			.example("5f1c2a9e-0d4b-4b8e-9a51-3c1f6f0d2b77"));
	}

	private static void ifMatch(Operation operation) {
		if (operation.getParameters() == null) {
			return;
		}
		for (Parameter parameter : operation.getParameters()) {
			if (IF_MATCH.equalsIgnoreCase(parameter.getName()) && "header".equals(parameter.getIn())) {
				parameter
					.description("The version the client last saw, quoted (\"12\"; 12 and W/\"12\" are read "
							+ "too). A stale one is refused with 412 and changes nothing; without it the write applies "
							+ "to the current version")
					.schema(new StringSchema().pattern("^(W/)?\"?\\d+\"?$"))
					.example("\"12\"");
			}
		}
	}

	private static boolean has(Operation operation, String name) {
		return operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch((parameter) -> name.equalsIgnoreCase(parameter.getName()));
	}

}
