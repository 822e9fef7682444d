package com.nimbus.incidents.command.docs;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operation no table names (one added later, such as a catalog) still leaves the
 * document with a summary, the write headers and every problem it can answer.
 */
class NewOperationsTest {

	private static OpenAPI documented(String path, PathItem item) {
		OpenAPI openApi = new OpenAPI().components(new Components()).paths(new Paths().addPathItem(path, item));
		new OperationNames().customise(openApi);
		new WriteHeaders().customise(openApi);
		new ProblemResponses().customise(openApi);
		return openApi;
	}

	private static Operation operation(String operationId) {
		return new Operation().operationId(operationId)
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
	}

	@Test
	void aNewWriteGetsASummaryTheWriteHeadersAndItsProblems() {
		Operation put = operation("putCatalog").requestBody(new RequestBody());

		documented("/api/catalog", new PathItem().put(put));

		assertThat(put.getSummary()).isEqualTo("Put catalog");
		assertThat(put.getParameters()).extracting(Parameter::getName).containsExactly("Idempotency-Key");
		assertThat(put.getResponses()).containsOnlyKeys("200", "400", "401", "403", "409", "413", "422", "503");
		assertThat(put.getResponses().get("409").getContent()).containsOnlyKeys("application/problem+json");
	}

	@Test
	void aWriteToSomethingNamedMayFindNothingAndAStaleIfMatchIsRefused() {
		Operation post = operation("markThing_1")
			.parameters(new ArrayList<>(List.of(new Parameter().in("header").name("If-Match").required(false))));

		documented("/api/things/{thingId}", new PathItem().post(post));

		assertThat(post.getSummary()).isEqualTo("Mark thing");
		assertThat(post.getResponses()).containsKeys("404", "412");
		assertThat(post.getParameters()).extracting(Parameter::getName).containsExactly("If-Match", "Idempotency-Key");
		assertThat(post.getParameters().get(0).getSchema().getPattern()).isNotBlank();
	}

	@Test
	void aNamedOperationTakesItsNameAndItsRealStatus() {
		Operation declare = operation("declare").requestBody(new RequestBody());

		documented("/api/incidents", new PathItem().post(declare));

		assertThat(declare.getOperationId()).isEqualTo("declareIncident");
		assertThat(declare.getSummary()).isEqualTo("Declare an incident");
		assertThat(declare.getTags()).containsExactly("Incidents");
		assertThat(declare.getResponses()).containsKey("201").doesNotContainKey("200");
		assertThat(declare.getResponses().get("201").getHeaders()).containsKey("Location");
		assertThat(declare.getResponses().keySet()).first().isEqualTo("201");
	}

}
