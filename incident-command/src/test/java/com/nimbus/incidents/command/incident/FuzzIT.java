package com.nimbus.incidents.command.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of malformed, oversized and hostile requests, generated with jqwik, at every
 * write endpoint: valid requests broken in one place, random bytes, bodies past the size
 * limit, odd headers and path values. None may get a 5xx, and no refused request may
 * append an event (a breakage that happens to leave a valid request is accepted, and
 * counted).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FuzzIT {

	private static final String DATABASE = "fuzz_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String TOKEN = TestInfrastructure.issuer()
		.token("fuzz@nimbus.example", "RESPONDER", "FINANCE");

	private static final int CASES = 3000;

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MongoClient mongo;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> "fuzz-it-" + DATABASE);
		registry.add("kafka.contract-topic", () -> "fuzz-it-contracts-" + DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	/** A valid request, to be broken. */
	record Template(HttpMethod method, String path, String body) {
	}

	private List<Template> templates(String incident) {
		String i = "/api/incidents/" + incident;
		return List.of(new Template(HttpMethod.POST, "/api/incidents",
				"{\"title\":\"t\",\"severity\":\"SEV2\",\"detectionSource\":\"MONITORING\",\"services\":[\"s\"],\"regions\":[\"r\"]}"),
				new Template(HttpMethod.POST, i + "/responders", "{\"person\":\"p@x\",\"role\":\"SCRIBE\"}"),
				new Template(HttpMethod.POST, i + "/actions",
						"{\"kind\":\"FIX\",\"description\":\"d\",\"relatedImpactIds\":[\"open-1\"]}"),
				new Template(HttpMethod.POST, i + "/severity", "{\"severity\":\"SEV1\",\"reason\":\"r\"}"),
				new Template(HttpMethod.POST, i + "/status-updates",
						"{\"status\":\"IDENTIFIED\",\"message\":\"m\",\"public\":true}"),
				new Template(HttpMethod.POST, i + "/impacts",
						"{\"service\":\"s\",\"region\":\"r\",\"level\":\"MAJOR_OUTAGE\",\"errorRate\":0.5,\"startedAt\":\"2021-12-07T15:30:00Z\",\"estimatedAffectedUsers\":{\"low\":1,\"high\":2}}"),
				new Template(HttpMethod.POST, i + "/impacts/open-1/end", "{\"endedAt\":\"2021-12-07T17:00:00Z\"}"),
				new Template(HttpMethod.POST, i + "/impacts/open-1/corrections",
						"{\"level\":\"PARTIAL_OUTAGE\",\"reason\":\"r\"}"),
				new Template(HttpMethod.POST, i + "/resolve", "{\"summary\":\"s\"}"),
				new Template(HttpMethod.POST, i + "/reopen", "{\"reason\":\"r\"}"),
				new Template(HttpMethod.POST, i + "/notes", "{\"text\":\"t\"}"),
				new Template(HttpMethod.POST, i + "/postmortem",
						"{\"rootCause\":\"c\",\"resolution\":\"r\",\"lessons\":[\"l\"],\"actionItems\":[{\"description\":\"d\",\"owner\":\"o\"}]}"),
				new Template(HttpMethod.PUT, "/api/contracts/acme",
						"{\"customerName\":\"Acme\",\"activeUsers\":10,\"effectiveFrom\":\"2021-01-01T00:00:00Z\",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"],\"monthlyFee\":{\"amount\":\"1.00\",\"currency\":\"USD\"},\"sla\":{\"measurement\":\"ERROR_RATE\",\"tiers\":[{\"below\":\"99\",\"creditPercent\":\"10\"}]}}]}"));
	}

	/** Values that are wrong wherever they land. */
	private static Arbitrary<Object> hostileValues() {
		return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(""), Arbitraries.just(-1),
				Arbitraries.just(Long.MAX_VALUE), Arbitraries.just("9".repeat(400)), Arbitraries.just(1e308),
				Arbitraries.just("NaN"), Arbitraries.just(List.of()), Arbitraries.just(Map.of("$gt", "")),
				Arbitraries.just("2999-01-01T00:00:00Z"), Arbitraries.just("yesterday"),
				Arbitraries.just("x".repeat(10_001)), Arbitraries.just("\u0000\uFFFF<script>"), Arbitraries.just(true),
				Arbitraries.just(List.of(List.of(List.of()))),
				Arbitraries.strings().ofMaxLength(50).map((s) -> (Object) ("SEV" + s)));
	}

	private List<String> fieldsOf(String body) {
		List<String> fields = new ArrayList<>();
		this.json.readTree(body).propertyNames().forEach(fields::add);
		return fields;
	}

	/** A request broken in one way. */
	record Case(HttpMethod method, String path, String contentType, String body, String ifMatch,
			String idempotencyKey) {
	}

	private Arbitrary<Case> cases(List<Template> templates) {
		Arbitrary<Template> template = Arbitraries.of(templates);
		return template.flatMap((t) -> {
			List<String> fields = fieldsOf(t.body());
			Arbitrary<String> brokenField = Combinators.combine(Arbitraries.of(fields), hostileValues())
				.as((field, value) -> {
					ObjectNode node = (ObjectNode) this.json.readTree(t.body());
					node.set(field, this.json.valueToTree(value));
					return node.toString();
				})
				.filter((body) -> !body.equals(t.body()));
			Arbitrary<String> missingField = Arbitraries.of(fields).map((field) -> {
				ObjectNode node = (ObjectNode) this.json.readTree(t.body());
				node.remove(field);
				node.put("unexpected", "field");
				return node.toString();
			});
			Arbitrary<String> garbage = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), Arbitraries.just("{"),
					Arbitraries.just("[]"), Arbitraries.just("null"), Arbitraries.just("\"\""),
					Arbitraries.just("{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}"),
					Arbitraries.just(t.body().substring(0, t.body().length() / 2)),
					Arbitraries.just("{\"pad\":\"" + "x".repeat(600_000) + "\"}"));
			Arbitrary<String> body = Arbitraries.oneOf(brokenField, missingField, garbage);
			Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.just(t.path()), Arbitraries.just(t.path()),
					Arbitraries.just(t.path()),
					Arbitraries.strings().alpha().ofMaxLength(30).map((s) -> t.path() + "/" + s),
					Arbitraries.just(t.path().replace("INC-", "INC-%2e%2e%2f")),
					Arbitraries.just(t.path().replace("/api/incidents/", "/api/incidents/INC-0000000000/")),
					Arbitraries.just(t.path() + "?occurredAt=" + "9".repeat(100)));
			Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json", "text/plain",
					"application/xml", "application/json; charset=ISO-8859-1");
			Arbitrary<String> ifMatch = Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.just("\"-1\""),
					Arbitraries.just("garbage"), Arbitraries.just("\"99999999999999999999\""));
			Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.just(""),
					Arbitraries.just("k".repeat(300)), Arbitraries.just("with space"));
			return Combinators.combine(path, contentType, body, ifMatch, key)
				.as((p, ct, b, im, k) -> new Case(t.method(), p, ct, b, im, k));
		});
	}

	private ResponseEntity<String> send(Case c) {
		RestClient.RequestBodySpec request = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (req, res) -> {
			})
			.build()
			.method(c.method())
			.uri(java.net.URI.create("http://127.0.0.1:" + this.port + c.path().replace(" ", "%20")))
			.header("Authorization", "Bearer " + TOKEN)
			.header("Content-Type", c.contentType());
		if (c.ifMatch() != null) {
			request.header("If-Match", c.ifMatch());
		}
		if (c.idempotencyKey() != null) {
			request.header("Idempotency-Key", c.idempotencyKey());
		}
		return request.body(c.body()).retrieve().toEntity(String.class);
	}

	private long storedEvents() {
		return this.mongo.getDatabase(DATABASE).getCollection("domainevents").countDocuments();
	}

	@Test
	void hostileRequestsGetA4xxAndAppendNothing() {
		RestClient client = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization", "Bearer " + TOKEN)
			.build();
		JsonNode declared = this.json.readTree(client.post()
			.uri("/api/incidents")
			.header("Content-Type", "application/json")
			.body("{\"title\":\"fuzz\",\"severity\":\"SEV2\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}")
			.retrieve()
			.body(String.class));
		String incident = declared.get("incidentId").asString();
		client.post()
			.uri("/api/incidents/" + incident + "/impacts")
			.header("Content-Type", "application/json")
			.body("{\"impactId\":\"open-1\",\"service\":\"s\",\"region\":\"r\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\"2021-12-07T15:30:00Z\"}")
			.retrieve()
			.toBodilessEntity();
		Map<Integer, Integer> statuses = new java.util.TreeMap<>();
		List<Case> cases = cases(templates(incident)).sampleStream().limit(CASES).toList();
		int accepted = 0;
		for (Case c : cases) {
			long before = storedEvents();
			ResponseEntity<String> response = send(c);
			int status = response.getStatusCode().value();
			statuses.merge(status, 1, Integer::sum);
			String what = c.method() + " " + c.path() + " " + c.body().substring(0, Math.min(200, c.body().length()))
					+ " -> " + response.getBody();
			assertThat(status).as(what).isLessThan(500);
			if (status >= 400) {
				assertThat(storedEvents()).as("an error appended nothing: " + what).isEqualTo(before);
			}
			else {
				// the breakage happened to leave a valid request (an empty list of
				// services, say)
				accepted++;
				assertThat(storedEvents()).as(what).isGreaterThan(before);
			}
		}
		System.out.printf("Fuzz: %d requests, statuses %s%n", cases.size(), statuses);
		assertThat(accepted).as("most requests are broken").isLessThan(CASES / 10);
		assertThat(cases).hasSize(CASES);
	}

}
