package com.nimbus.incidents.query.incident;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import com.nimbus.incidents.readmodel.IncidentSummaryDocument;
import com.nimbus.incidents.readmodel.ListBucketWriter;
import com.nimbus.incidents.readmodel.TimelineEntryDocument;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query service over read models in the layout the projector writes (summary per
 * incident, entry per event, list row and list buckets), against a real Mongo-protocol
 * store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IncidentQueryIT {

	private static final String DATABASE = "query_it_" + UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeEach
	void seed() {
		this.mongo.getCollection(IncidentReadModels.SUMMARIES).drop();
		this.mongo.getCollection(IncidentReadModels.LIST).drop();
		this.mongo.getCollection(ListBucketReads.BUCKETS).drop();
		this.mongo.getCollection(IncidentReadModels.ENTRIES).drop();
		store("INC-AAAAAAAAA1",
				List.of(declared("2021-12-07T15:48:00Z", Severity.SEV2, "compute-api"),
						new ActionRecorded(ActionKind.MITIGATION, "Moved DNS"),
						new ActionRecorded(ActionKind.OTHER, "recorded late"), new IncidentResolved("done")));
		store("INC-AAAAAAAAA2", List.of(declared("2021-12-09T10:00:00Z", Severity.SEV1, "object-storage")));
		store("INC-AAAAAAAAA3", List.of(declared("2021-12-10T10:00:00Z", Severity.SEV3, "compute-api")));
	}

	private static IncidentEvent declared(String at, Severity severity, String service) {
		return new IncidentDeclared("incident at " + at, severity, null, DetectionSource.MONITORING, null,
				List.of(service), List.of("us-east-1"));
	}

	private void store(String incidentId, List<IncidentEvent> payloads) {
		List<EventEnvelope> log = new ArrayList<>();
		String[] occurred = { "2021-12-07T15:48:00Z", "2021-12-07T17:28:00Z", "2021-12-07T15:30:00Z",
				"2021-12-08T00:44:00Z" };
		for (IncidentEvent payload : payloads) {
			Instant occurredAt = (payload instanceof IncidentDeclared declared)
					? Instant.parse(declared.title().substring("incident at ".length()))
					: Instant.parse(occurred[log.size()]);
			log.add(EventEnvelope.of("e-" + incidentId + "-" + log.size(), incidentId, log.size(), occurredAt,
					Instant.parse("2021-12-08T01:00:00Z").plusSeconds(log.size()), "dana@nimbus.example", payload));
		}
		IncidentState state = IncidentFold.fold(incidentId, log);
		this.mongo.getCollection(IncidentReadModels.LIST).insertOne(IncidentListDocument.encode(state));
		new ListBucketWriter(this.mongo.getCollection(ListBucketReads.BUCKETS))
			.write(List.of(IncidentListDocument.row(state)));
		this.mongo.getCollection(IncidentReadModels.SUMMARIES).insertOne(IncidentSummaryDocument.encode(state, 0));
		for (EventEnvelope envelope : log) {
			this.mongo.getCollection(IncidentReadModels.ENTRIES)
				.insertOne(TimelineEntryDocument.encode(envelope, envelope.type() + " #" + envelope.sequence(),
						this.json.writeValueAsString(envelope)));
		}
	}

	private ResponseEntity<String> get(String path) {
		return get(path, "VIEWER");
	}

	private ResponseEntity<String> get(String path, String role) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization",
					"Bearer " + TestInfrastructure.issuer().token(role.toLowerCase() + "@nimbus.example", role))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build()
			.get()
			.uri(path)
			.retrieve()
			.toEntity(String.class);
	}

	private JsonNode ok(String path) {
		ResponseEntity<String> response = get(path);
		assertThat(response.getStatusCode().value()).as(path + " -> " + response.getBody()).isEqualTo(200);
		return this.json.readTree(response.getBody());
	}

	@Test
	void healthShowsItsStatusToAnyoneAndItsComponentsToAnAdministratorOnly() throws Exception {
		JsonNode anonymous = health(null);
		JsonNode viewer = health(TestInfrastructure.issuer().token("vic@nimbus.example", "VIEWER"));
		JsonNode admin = health(TestInfrastructure.issuer().token("ops@nimbus.example", "ADMIN"));

		assertThat(anonymous.get("status").asString()).isIn("UP", "DEGRADED", "DOWN");
		assertThat(anonymous.has("components")).isFalse();
		assertThat(anonymous.has("details")).isFalse();
		assertThat(viewer.has("components")).isFalse();
		assertThat(admin.get("components").get("ping").get("status").asString()).isEqualTo("UP");
		assertThat(admin.get("components").size()).isGreaterThan(1);
	}

	private JsonNode health(String token) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return JsonMapper.builder()
			.build()
			.readTree(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
	}

	@Test
	void customersAndUserEstimatesAreOnlyForCustomerSuccessFinanceAndAdmin() {
		store("INC-AAAAAAAAA9",
				List.of(declared("2021-12-07T15:48:00Z", Severity.SEV2, "compute-api"),
						new ImpactReported("compute-use1", "compute-api", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null,
								Instant.parse("2021-12-07T15:30:00Z"), null, new AffectedUsers(20000, 40000),
								List.of("acme", "hooli"))));
		List<String> paths = List.of("/api/incidents/INC-AAAAAAAAA9", "/api/incidents/INC-AAAAAAAAA9/events",
				"/api/incidents/INC-AAAAAAAAA9/state", "/api/incidents/INC-AAAAAAAAA9/timeline",
				"/api/incidents/INC-AAAAAAAAA9/postmortem");
		for (String role : List.of("VIEWER", "RESPONDER")) {
			for (String path : paths) {
				ResponseEntity<String> response = get(path, role);
				assertThat(response.getStatusCode().value()).as(path + " as " + role).isEqualTo(200);
				assertThat(response.getBody()).as(path + " as " + role)
					.doesNotContain("acme")
					.doesNotContain("hooli")
					.doesNotContain("20000")
					.doesNotContain("40000");
			}
			JsonNode summary = this.json.readTree(get(paths.get(0), role).getBody());
			JsonNode window = summary.get("openImpacts").get(0);
			assertThat(window.get("impactId").asString()).isEqualTo("compute-use1");
			assertThat(window.get("affectedCustomerIds").isNull()).isTrue();
			assertThat(window.get("estimatedAffectedUsers").isNull()).isTrue();
			JsonNode reported = this.json.readTree(get(paths.get(1), role).getBody()).get("events").get(1);
			assertThat(reported.get("type").asString()).isEqualTo("ImpactReported");
			assertThat(reported.get("payload").get("level").asString()).isEqualTo("MAJOR_OUTAGE");
			assertThat(reported.get("payload").has("affectedCustomerIds")).isFalse();
			assertThat(reported.get("payload").has("estimatedAffectedUsers")).isFalse();
		}
		// CUSTOMER_SUCCESS reads incidents and sees them; FINANCE and ADMIN may not read
		// incidents at all (403), so the rule never hides anything from them
		for (String path : paths.subList(0, 3)) {
			ResponseEntity<String> response = get(path, "CUSTOMER_SUCCESS");
			assertThat(response.getBody()).as(path).contains("acme").contains("hooli").contains("40000");
		}
		assertThat(get(paths.get(4), "CUSTOMER_SUCCESS").getBody()).contains("20000 to 40000");
		assertThat(get(paths.get(4), "VIEWER").getBody()).doesNotContain("Responders estimated");
		assertThat(Redaction.SEE_CUSTOMERS).containsExactlyInAnyOrder("CUSTOMER_SUCCESS", "FINANCE", "ADMIN");
	}

	@Test
	void listsNewestFirstWithFiltersAndPages() {
		JsonNode all = ok("/api/incidents");
		assertThat(all.get("total").asLong()).isEqualTo(3);
		assertThat(all.get("items")).extracting((item) -> item.get("incidentId").asString())
			.containsExactly("INC-AAAAAAAAA3", "INC-AAAAAAAAA2", "INC-AAAAAAAAA1");
		assertThat(ok("/api/incidents?service=compute-api").get("items"))
			.extracting((item) -> item.get("incidentId").asString())
			.containsExactly("INC-AAAAAAAAA3", "INC-AAAAAAAAA1");
		assertThat(ok("/api/incidents?status=RESOLVED").get("items")).hasSize(1);
		assertThat(ok("/api/incidents?severity=SEV1&region=us-east-1").get("items").get(0).get("incidentId").asString())
			.isEqualTo("INC-AAAAAAAAA2");
		assertThat(ok("/api/incidents?from=2021-12-09T00:00:00Z&to=2021-12-10T00:00:00Z").get("total").asLong())
			.isEqualTo(1);
		JsonNode secondPage = ok("/api/incidents?page=1&size=2");
		assertThat(secondPage.get("items")).extracting((item) -> item.get("incidentId").asString())
			.containsExactly("INC-AAAAAAAAA1");
		assertThat(secondPage.get("items").get(0).get("version").asLong()).isEqualTo(3);
	}

	@Test
	void theTimelineIsInBusinessTimeOrderAndTheLogInSequenceOrder() {
		JsonNode timeline = ok("/api/incidents/INC-AAAAAAAAA1/timeline");
		assertThat(timeline.get("version").asLong()).isEqualTo(3);
		assertThat(timeline.get("entries")).extracting((entry) -> entry.get("sequence").asLong())
			.containsExactly(2L, 0L, 1L, 3L);
		assertThat(timeline.get("metrics").get("timeToMitigate").isNull()).isTrue();

		JsonNode log = ok("/api/incidents/INC-AAAAAAAAA1/events");
		assertThat(log.get("events")).extracting((event) -> event.get("sequence").asLong())
			.containsExactly(0L, 1L, 2L, 3L);
		assertThat(log.get("events").get(1).get("payload").get("kind").asString()).isEqualTo("MITIGATION");

		JsonNode state = ok("/api/incidents/INC-AAAAAAAAA1/state?asOf=2021-12-07T16:00:00Z");
		assertThat(state.get("status").asString()).isEqualTo("OPEN");
		assertThat(state.get("actions")).extracting((action) -> action.get("text").asString())
			.containsExactly("recorded late");
		assertThat(ok("/api/incidents/INC-AAAAAAAAA1/state?knownAt=2021-12-08T01:00:00Z").get("version").asLong())
			.isZero();
	}

	@Test
	void badQueriesAre400AndUnknownIncidents404WithProblemDetails() {
		for (String path : List.of("/api/incidents?status=CLOSED", "/api/incidents?severity=SEV9",
				"/api/incidents?size=201", "/api/incidents?size=0", "/api/incidents?page=-1",
				"/api/incidents?from=yesterday", "/api/incidents/INC-AAAAAAAAA1/state?asOf=noon",
				"/api/incidents/INC-AAAAAAAAA1/state?knownAt=2021-13-01")) {
			ResponseEntity<String> response = get(path);
			assertThat(response.getStatusCode().value()).as(path).isEqualTo(400);
			assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
			JsonNode problem = this.json.readTree(response.getBody());
			assertThat(problem.get("type").asString()).endsWith("/invalid-input");
			assertThat(problem.get("errors").get(0).get("field").asString()).isNotBlank();
		}
		for (String path : List.of("/api/incidents/INC-NOPE", "/api/incidents/INC-NOPE/timeline",
				"/api/incidents/INC-NOPE/events", "/api/incidents/INC-NOPE/state")) {
			ResponseEntity<String> response = get(path);
			assertThat(response.getStatusCode().value()).as(path).isEqualTo(404);
			assertThat(this.json.readTree(response.getBody()).get("detail").asString()).contains("INC-NOPE");
		}
	}

	@Test
	void hostileReadsGetNo5xxAndChangeNothing() {
		List<Document> before = this.mongo.getCollection(IncidentReadModels.SUMMARIES).find().into(new ArrayList<>());
		net.jqwik.api.Arbitrary<String> values = net.jqwik.api.Arbitraries.oneOf(
				net.jqwik.api.Arbitraries.strings()
					.ofMaxLength(40)
					.map((v) -> java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)),
				net.jqwik.api.Arbitraries.of("-1", "99999999999", "2021-12-07T16:00:00Z", "0", "%00", "%2e%2e%2f",
						"1e9", "NaN", "SEV1", "RESOLVED", "x".repeat(3000), "2021-12", "%7B%22$gt%22%3A%22%22%7D"));
		net.jqwik.api.Arbitrary<String> paths = net.jqwik.api.Combinators
			.combine(net.jqwik.api.Arbitraries.of("/api/incidents?status=", "/api/incidents?severity=",
					"/api/incidents?size=", "/api/incidents?page=", "/api/incidents?from=", "/api/incidents?service=",
					"/api/incidents/INC-AAAAAAAAA1/state?asOf=", "/api/incidents/INC-AAAAAAAAA1/state?knownAt=",
					"/api/incidents/", "/api/incidents/INC-AAAAAAAAA1/", "/api/incidents/INC-AAAAAAAAA1/timeline?x="),
					values)
			.as((prefix, value) -> prefix + value);
		Map<Integer, Integer> statuses = new java.util.TreeMap<>();
		List<String> sample = paths.sampleStream().limit(2000).toList();
		for (String path : sample) {
			int status;
			try {
				status = RestClient.builder().defaultStatusHandler((code) -> true, (request, response) -> {
				})
					.build()
					.get()
					.uri(java.net.URI.create("http://127.0.0.1:" + this.port + path))
					.header("Authorization",
							"Bearer " + TestInfrastructure.issuer().token("vic@nimbus.example", "VIEWER"))
					.retrieve()
					.toBodilessEntity()
					.getStatusCode()
					.value();
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			statuses.merge(status, 1, Integer::sum);
			assertThat(status).as(path).isLessThan(500);
		}
		assertThat(this.mongo.getCollection(IncidentReadModels.SUMMARIES).find().into(new ArrayList<>()))
			.isEqualTo(before);
		System.out.printf("Query fuzz: %d reads, statuses %s%n", sample.size(), statuses);
		assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(1500);
	}

}
