package com.nimbus.incidents.query.docs;

import java.util.List;
import java.util.UUID;

import com.nimbus.incidents.testinfra.LiveApiDocument;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.nimbus.incidents.testinfra.LiveApiDocument.names;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query API's OpenAPI document, as a client generator reads it: anonymous, with a
 * Swagger UI beside it, and clean under Redocly's recommended rules (the pinned CLI, run
 * through npx on the live document, written to {@code target/openapi/}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentsIT {

	private static final String DATABASE = "query_docs_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String DECIMAL = "^-?\\d+(\\.\\d+)?$";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	private LiveApiDocument document() {
		return new LiveApiDocument(this.port, "incident-query");
	}

	@Test
	void theDocumentsAndTheSwaggerUiAreReadableWithoutAToken() throws Exception {
		document().assertReadableWithoutAToken("/api/incidents", "/api/incidents");
	}

	@Test
	void theDocumentPassesRedoclysRecommendedRules() throws Exception {
		document().assertLintsClean();
	}

	@Test
	void readsNeedABearerTokenButTheStatusPageAndItsFeedDoNot() throws Exception {
		JsonNode api = document().document();
		JsonNode bearer = api.get("components").get("securitySchemes").get("bearer");
		assertThat(bearer.get("scheme").asString()).isEqualTo("bearer");
		assertThat(bearer.get("bearerFormat").asString()).isEqualTo("JWT");
		assertThat(api.get("security").get(0).has("bearer")).isTrue();
		assertThat(api.get("info").get("license").get("name").asString()).isNotBlank();

		for (String open : List.of("/api/status", "/api/status/feed.atom")) {
			JsonNode status = api.get("paths").get(open).get("get");
			assertThat(status.get("security")).as(open).isEmpty();
			assertThat(names(status.get("responses"))).as(open).contains("200", "304", "503").doesNotContain("401");
		}
		JsonNode summary = api.get("paths").get("/api/incidents/{incidentId}").get("get");
		assertThat(summary.get("summary").asString()).isEqualTo("Read an incident's summary");
		assertThat(names(summary.get("responses"))).contains("200", "401", "403", "404", "503");
		JsonNode notFound = summary.get("responses").get("404").get("content").get("application/problem+json");
		assertThat(notFound.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/ProblemDetail");
		JsonNode timeline = api.get("paths").get("/api/incidents/{incidentId}/timeline").get("get");
		assertThat(names(timeline.get("responses"))).contains("422");
		JsonNode list = api.get("paths").get("/api/incidents").get("get");
		assertThat(names(list.get("responses"))).contains("400").doesNotContain("404");
	}

	@Test
	void moneyAndPercentagesAreDecimalStringsWithAPattern() throws Exception {
		JsonNode schemas = document().document().get("components").get("schemas");
		for (String[] decimal : new String[][] { { "Money", "amount" }, { "Line", "uptimePercent" },
				{ "Line", "creditPercent" }, { "Total", "creditAmount" } }) {
			JsonNode property = schemas.get(decimal[0]).get("properties").get(decimal[1]);
			assertThat(property.get("type").asString()).as(String.join(".", decimal)).isEqualTo("string");
			assertThat(property.get("pattern").asString()).as(String.join(".", decimal)).isEqualTo(DECIMAL);
		}
	}

}
