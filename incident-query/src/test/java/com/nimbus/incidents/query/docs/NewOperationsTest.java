package com.nimbus.incidents.query.docs;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operation no table names (one added later, such as a catalog) still leaves the
 * document with a summary and every problem it can answer; the public ones need no token.
 */
class NewOperationsTest {

	private static OpenAPI documented(String path, PathItem item) {
		OpenAPI openApi = new OpenAPI().components(new Components()).paths(new Paths().addPathItem(path, item));
		new OperationNames().customise(openApi);
		new ProblemResponses().customise(openApi);
		return openApi;
	}

	private static Operation operation(String operationId) {
		return new Operation().operationId(operationId)
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
	}

	@Test
	void aNewReadGetsASummaryAndItsProblems() {
		Operation get = operation("catalog");

		documented("/api/catalog", new PathItem().get(get));

		assertThat(get.getSummary()).isEqualTo("Catalog");
		assertThat(get.getResponses()).containsOnlyKeys("200", "401", "403", "422", "503");
		assertThat(get.getResponses().get("503").getHeaders()).containsKey("Retry-After");
	}

	@Test
	void queryParametersMayBeInvalidAndPathVariablesNameNothing() {
		Operation get = operation("readThings").parameters(List.of(new Parameter().in("query").name("from")));

		documented("/api/things/{thingId}", new PathItem().get(get));

		assertThat(get.getResponses()).containsKeys("400", "404");
	}

	@Test
	void theStatusPageIsPublicAndItsUnreadyAnswerIsAProblem() {
		Operation status = operation("status");
		status.getResponses().addApiResponse("503", new ApiResponse().description("Not rendered yet"));

		documented("/api/status", new PathItem().get(status));

		assertThat(status.getOperationId()).isEqualTo("getStatusPage");
		assertThat(status.getSecurity()).isEmpty();
		assertThat(status.getResponses()).containsOnlyKeys("200", "503");
		assertThat(status.getResponses().get("503").getDescription()).isEqualTo("Not rendered yet");
		assertThat(status.getResponses().get("503").getContent()).containsOnlyKeys("application/problem+json");
	}

}
