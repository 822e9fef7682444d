package com.nimbus.incidents.query.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbus.incidents.testinfra.OpenApiLint;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query API's OpenAPI document, as a client generator reads it: anonymous, with a
 * Swagger UI beside it, and clean under Redocly's recommended rules (the pinned CLI, run
 * through npx on the live document, written to {@code target/openapi/}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentsIT {

	private static final String DATABASE = "query_docs_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final Duration LINT_TIMEOUT = Duration.ofMinutes(4);

	private static final String DECIMAL = "^-?\\d+(\\.\\d+)?$";

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	private HttpResponse<String> anonymous(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode document() throws Exception {
		HttpResponse<String> response = anonymous("/v3/api-docs");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	@Test
	void theDocumentsAndTheSwaggerUiAreReadableWithoutAToken() throws Exception {
		assertThat(document().get("info").get("title").asString()).isEqualTo("incident-query");
		HttpResponse<String> yaml = anonymous("/v3/api-docs.yaml");
		assertThat(yaml.statusCode()).isEqualTo(200);
		assertThat(yaml.body()).contains("openapi: 3.").contains("/api/incidents:");
		HttpResponse<String> redirect = anonymous("/swagger-ui.html");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/swagger-ui/index.html"));
		HttpResponse<String> ui = anonymous("/swagger-ui/index.html");
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(ui.body()).contains("swagger-ui");
		// no Content-Security-Policy keeps the UI's own scripts and styles from running
		assertThat(ui.headers().firstValue("Content-Security-Policy")).isEmpty();
		HttpResponse<String> config = anonymous("/v3/api-docs/swagger-config");
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(config.body()).get("url").asString()).isEqualTo("/v3/api-docs");
		assertThat(anonymous("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
		// the API itself still needs a token
		assertThat(anonymous("/api/incidents").statusCode()).isEqualTo(401);
	}

	@Test
	void theDocumentPassesRedoclysRecommendedRules() throws Exception {
		HttpResponse<String> response = anonymous("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		Path document = Path.of("target", "openapi", "incident-query.json");
		Files.createDirectories(document.getParent());
		Files.writeString(document, response.body());

		OpenApiLint.Result lint = OpenApiLint.lint(document, LINT_TIMEOUT);

		assertThat(lint.errors()).as(lint.toString()).isZero();
		assertThat(lint.exitCode()).as(lint.toString()).isZero();
	}

	@Test
	void readsNeedABearerTokenButTheStatusPageAndItsFeedDoNot() throws Exception {
		JsonNode api = document();
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
		JsonNode schemas = document().get("components").get("schemas");
		for (String[] decimal : new String[][] { { "Money", "amount" }, { "Line", "uptimePercent" },
				{ "Line", "creditPercent" }, { "Total", "creditAmount" } }) {
			JsonNode property = schemas.get(decimal[0]).get("properties").get(decimal[1]);
			assertThat(property.get("type").asString()).as(String.join(".", decimal)).isEqualTo("string");
			assertThat(property.get("pattern").asString()).as(String.join(".", decimal)).isEqualTo(DECIMAL);
		}
	}

	private static List<String> names(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

}
