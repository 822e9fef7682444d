package com.nimbus.incidents.command.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The command API's OpenAPI document, as a client generator reads it: anonymous, with a
 * Swagger UI beside it, and clean under Redocly's recommended rules (the pinned CLI, run
 * through npx on the live document, written to {@code target/openapi/}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentsIT {

	private static final String TOPIC = "incident-events-docs-it-" + UUID.randomUUID();

	private static final String DATABASE = "command_docs_it_" + UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	int port;

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

	private LiveApiDocument document() {
		return new LiveApiDocument(this.port, "incident-command");
	}

	@Test
	void theDocumentsAndTheSwaggerUiAreReadableWithoutAToken() throws Exception {
		document().assertReadableWithoutAToken("/api/signals?placed=false", "/api/incidents");
	}

	@Test
	void theDocumentPassesRedoclysRecommendedRules() throws Exception {
		document().assertLintsClean();
	}

	@Test
	void writesAreSecuredByABearerTokenAndAnswerWithTheirRealStatusCodes() throws Exception {
		JsonNode api = document().document();
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
		JsonNode schemas = document().document().get("components").get("schemas");
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

	private static List<String> parameterNames(JsonNode operation) {
		List<String> names = new ArrayList<>();
		operation.path("parameters").forEach((parameter) -> names.add(parameter.get("name").asString()));
		return names;
	}

}
