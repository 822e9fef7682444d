package com.nimbus.incidents.command.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The command API's OpenAPI document, as a client generator reads it: anonymous, with a
 * Swagger UI beside it, and clean under Redocly's recommended rules (the pinned CLI, run
 * through npx on the live document, written to {@code target/openapi/}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentsIT {

	private static final String TOPIC = "incident-events-docs-it-" + UUID.randomUUID();

	private static final String DATABASE = "command_docs_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final Duration LINT_TIMEOUT = Duration.ofMinutes(4);

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
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
		assertThat(document().get("info").get("title").asString()).isEqualTo("incident-command");
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
		assertThat(anonymous("/api/signals?placed=false").statusCode()).isEqualTo(401);
	}

	@Test
	void theDocumentPassesRedoclysRecommendedRules() throws Exception {
		HttpResponse<String> response = anonymous("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		Path document = Path.of("target", "openapi", "incident-command.json");
		Files.createDirectories(document.getParent());
		Files.writeString(document, response.body());

		OpenApiLint.Result lint = OpenApiLint.lint(document, LINT_TIMEOUT);

		assertThat(lint.errors()).as(lint.toString()).isZero();
		assertThat(lint.exitCode()).as(lint.toString()).isZero();
	}

	@Test
	void writesAreSecuredByABearerTokenAndAnswerWithTheirRealStatusCodes() throws Exception {
		JsonNode api = document();
		JsonNode bearer = api.get("components").get("securitySchemes").get("bearer");
		assertThat(bearer.get("type").asString()).isEqualTo("http");
		assertThat(bearer.get("scheme").asString()).isEqualTo("bearer");
		assertThat(bearer.get("bearerFormat").asString()).isEqualTo("JWT");
		assertThat(api.get("security").get(0).has("bearer")).isTrue();
		assertThat(api.get("info").get("license").get("name").asString()).isNotBlank();
		assertThat(api.get("info").get("contact").get("email").asString()).contains("@");
		assertThat(api.get("servers").get(0).get("url").asString()).isNotBlank();

		JsonNode declare = api.get("paths").get("/api/incidents").get("post");
		assertThat(declare.get("summary").asString()).isEqualTo("Declare an incident");
		assertThat(declare.get("operationId").asString()).isEqualTo("declareIncident");
		assertThat(names(declare.get("responses"))).contains("201", "400", "401", "403", "409", "413", "422", "503")
			.doesNotContain("200");
		assertThat(declare.get("responses").get("201").get("headers").has("Location")).isTrue();
		assertThat(parameterNames(declare)).contains("Idempotency-Key").doesNotContain("If-Match");

		JsonNode resolve = api.get("paths").get("/api/incidents/{incidentId}/resolve").get("post");
		assertThat(names(resolve.get("responses"))).contains("200", "400", "401", "403", "404", "409", "412", "503");
		assertThat(parameterNames(resolve)).contains("If-Match", "Idempotency-Key");
		JsonNode problem = resolve.get("responses").get("412").get("content").get("application/problem+json");
		assertThat(problem.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/ProblemDetail");
		assertThat(api.get("components").get("schemas").get("ProblemDetail").get("properties").has("type")).isTrue();

		JsonNode impact = api.get("paths").get("/api/incidents/{incidentId}/impacts").get("post");
		assertThat(names(impact.get("responses"))).contains("201").doesNotContain("200");
	}

	@Test
	void moneyAndPercentagesAreDecimalStringsWithAPattern() throws Exception {
		JsonNode schemas = document().get("components").get("schemas");
		List<String> decimals = new ArrayList<>();
		for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
			JsonNode properties = schema.getValue().get("properties");
			if (properties == null) {
				continue;
			}
			for (Map.Entry<String, JsonNode> property : properties.properties()) {
				JsonNode type = property.getValue();
				assertThat(type.path("type").asString("")).as(schema.getKey() + "." + property.getKey())
					.isNotEqualTo("number");
				if (type.has("pattern") && "string".equals(type.path("type").asString(""))
						&& type.get("pattern").asString().contains("\\d+(\\.\\d+)?")) {
					decimals.add(schema.getKey() + "." + property.getKey());
				}
			}
		}
		assertThat(decimals).contains("MoneyRequest.amount", "TierRequest.below", "TierRequest.creditPercent",
				"ReportImpactRequest.errorRate", "CorrectImpactRequest.errorRate");
	}

	private static List<String> names(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private static List<String> parameterNames(JsonNode operation) {
		List<String> names = new ArrayList<>();
		operation.path("parameters").forEach((parameter) -> names.add(parameter.get("name").asString()));
		return names;
	}

}
