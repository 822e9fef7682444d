package com.nimbus.incidents.command.signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.nimbus.incidents.command.store.CommandStore;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.ImpactWindows;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signals in, through the service with a real broker and store: Alertmanager's payload
 * accepted and deduplicated, placed by the default routes (a critical alert declares an
 * incident and opens a window, a warning waits for triage), resolved into the window's
 * end, attached from triage by a person, and hostile bodies refused with nothing kept.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignalsIT {

	private static final String TOPIC = "incident-events-signals-it-" + UUID.randomUUID();

	private static final String DATABASE = "signals_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String MONITOR = TestInfrastructure.issuer().token("alertmanager-use1", "MONITOR");

	private static final String RESPONDER = TestInfrastructure.issuer().token("dana@nimbus.example", "RESPONDER");

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MongoClient mongo;

	@Value("${spring.mongodb.database}")
	String database;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("kafka.signal-topic", () -> TOPIC + "-signals");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	private ResponseEntity<String> call(HttpMethod method, String path, String token, String body) {
		RestClient.RequestBodySpec request = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (req, res) -> {
			})
			.build()
			.method(method)
			.uri(path)
			.header("Authorization", "Bearer " + token);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().toEntity(String.class);
	}

	private JsonNode accepted(String path, String body) {
		ResponseEntity<String> response = call(HttpMethod.POST, path, MONITOR, body);
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
		return this.json.readTree(response.getBody());
	}

	private String resource(String name) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/signals/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private MongoDatabase db() {
		return this.mongo.getDatabase(this.database);
	}

	/** The incident's stored events as "Type payload-json", in sequence order. */
	private List<String> events(String incidentId) {
		List<String> events = new ArrayList<>();
		for (Document event : db().getCollection(CommandStore.EVENTS)
			.find(new Document("aggregateIdentifier", incidentId))
			.sort(new Document("sequenceNumber", 1))) {
			events.add(event.getString("payloadType") + " " + event.getString("serializedPayload"));
		}
		return events;
	}

	/** The incident's windows, folded by the shared rule from its stored events. */
	private List<ImpactWindow> windows(String incidentId) {
		List<ImpactWindows.SequencedEvent> impactEvents = new ArrayList<>();
		for (Document event : db().getCollection(CommandStore.EVENTS)
			.find(new Document("aggregateIdentifier", incidentId))
			.sort(new Document("sequenceNumber", 1))) {
			Class<?> type = EventTypes.named(event.getString("payloadType")).orElseThrow().payloadClass();
			IncidentEvent payload = (IncidentEvent) this.json.readValue(event.getString("serializedPayload"), type);
			if (ImpactWindows.isImpactEvent(payload)) {
				impactEvents.add(new ImpactWindows.SequencedEvent(event.get("sequenceNumber", Number.class).longValue(),
						payload));
			}
		}
		return ImpactWindows.fold(impactEvents);
	}

	private static ImpactWindow single(List<ImpactWindow> windows) {
		assertThat(windows).hasSize(1);
		return windows.get(0);
	}

	private static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
		return Awaitility.await(what)
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(probe::get, done::test);
	}

	private Document state(String fingerprint) {
		return db().getCollection(CommandStore.SIGNAL_STATES)
			.find(new Document("_id", "alertmanager-use1:" + fingerprint))
			.first();
	}

	@Test
	void alertmanagersAlertsDeclareOpenEndAndWaitForTriage() throws IOException {
		String firing = resource("alertmanager-firing.json");
		JsonNode first = accepted("/api/signals/alertmanager", firing);
		assertThat(first.get("accepted").asInt()).isEqualTo(3);
		assertThat(first.get("duplicates").asInt()).isEqualTo(0);
		JsonNode again = accepted("/api/signals/alertmanager", firing);
		assertThat(again.get("accepted").asInt()).isEqualTo(0);
		assertThat(again.get("duplicates").asInt()).isEqualTo(3);

		// the critical alerts: one incident, declared by the default route, one window
		Document placed = eventually(() -> state("b2c3d4e5f6071829"),
				(doc) -> doc != null && doc.getString("incidentId") != null, "the second alert placed");
		String incidentId = placed.getString("incidentId");
		assertThat(state("a1b2c3d4e5f60718").getString("incidentId")).isEqualTo(incidentId);
		assertThat(state("a1b2c3d4e5f60718").getString("placedBy")).isEqualTo("major-outage-declares");
		assertThat(placed.getString("placedBy")).isEqualTo(SignalPlacement.BY_OPEN_INCIDENT);
		List<String> events = events(incidentId);
		assertThat(events.get(0)).startsWith("IncidentDeclared ")
			.contains("\"detectionSource\":\"MONITORING\"", "\"severity\":\"SEV2\"",
					"\"title\":\"S3 GET error rate above 50% in us-east-1\"");
		assertThat(events).filteredOn((event) -> event.startsWith("ImpactReported ")).hasSize(1);
		assertThat(events).filteredOn((event) -> event.startsWith("SignalReceived ")).hasSize(2);
		assertThat(events).as("a service account commands nothing: monitoring declares without a commander")
			.noneMatch((event) -> event.startsWith("ResponderAssigned "));
		// whichever alert was placed first, the window is the union of both: from the
		// earlier start, at the higher error rate
		ImpactWindow window = single(windows(incidentId));
		assertThat(window.service()).isEqualTo("object-storage");
		assertThat(window.region()).isEqualTo("us-east-1");
		assertThat(window.level()).isEqualTo(ImpactLevel.MAJOR_OUTAGE);
		assertThat(window.errorRate()).isEqualByComparingTo("0.71");
		assertThat(window.startedAt()).isEqualTo(Instant.parse("2021-12-07T15:31:00Z"));
		assertThat(window.endedAt()).isNull();
		assertThat(window.source()).isEqualTo(ImpactSource.MONITOR);

		// the warning waits for triage
		JsonNode waiting = this.json
			.readTree(call(HttpMethod.GET, "/api/signals?placed=false", RESPONDER, null).getBody());
		assertThat(waiting.get("signals")).hasSize(1);
		assertThat(waiting.get("signals").get(0).get("fingerprint").asString()).isEqualTo("c3d4e5f607182930");
		assertThat(waiting.get("signals").get(0).get("region").asString()).isEqualTo("us-east-1");
		assertThat(waiting.get("signals").get(0).get("level").asString()).isEqualTo("PARTIAL_OUTAGE");

		// both critical alerts resolve: the window ends at the later end
		ObjectNode resolved = (ObjectNode) this.json.readTree(firing);
		resolved.put("status", "resolved");
		var alerts = resolved.withArray("alerts");
		alerts.remove(2);
		((ObjectNode) alerts.get(0)).put("status", "resolved").put("endsAt", "2021-12-07T17:05:00Z");
		((ObjectNode) alerts.get(1)).put("status", "resolved").put("endsAt", "2021-12-07T17:12:00Z");
		assertThat(accepted("/api/signals/alertmanager", resolved.toString()).get("accepted").asInt()).isEqualTo(2);
		eventually(() -> events(incidentId), (list) -> list.get(list.size() - 1).startsWith("ImpactEnded "),
				"the window ended");
		assertThat(single(windows(incidentId)).endedAt()).isEqualTo(Instant.parse("2021-12-07T17:12:00Z"));
		assertThat(events(incidentId)).filteredOn((event) -> event.startsWith("SignalReceived "))
			.hasSize(4)
			.filteredOn((event) -> event.contains("\"status\":\"RESOLVED\""))
			.hasSize(2);

		// a person attaches the warning to the incident: it opens a window there
		ResponseEntity<String> attach = call(HttpMethod.POST,
				"/api/signals/triage/alertmanager-use1:c3d4e5f607182930/attach", RESPONDER,
				"{\"incidentId\":\"" + incidentId + "\"}");
		assertThat(attach.getStatusCode().value()).as(attach.getBody()).isEqualTo(200);
		// the answer names the incident's version after it, as every write does
		JsonNode attached = this.json.readTree(attach.getBody());
		assertThat(attached.get("incidentId").asString()).isEqualTo(incidentId);
		assertThat(attached.get("version").asLong()).isEqualTo(events(incidentId).size() - 1);
		List<ImpactWindow> both = windows(incidentId);
		assertThat(both).hasSize(2);
		assertThat(both.get(1).service()).isEqualTo("ec2-api");
		assertThat(both.get(1).level()).isEqualTo(ImpactLevel.PARTIAL_OUTAGE);
		assertThat(both.get(1).startedAt()).isEqualTo(Instant.parse("2021-12-07T15:35:00Z"));
		assertThat(both.get(1).open()).isTrue();
		assertThat(this.json.readTree(call(HttpMethod.GET, "/api/signals?placed=false", RESPONDER, null).getBody())
			.get("signals")).isEmpty();
		assertThat(call(HttpMethod.POST, "/api/signals/triage/alertmanager-use1:c3d4e5f607182930/attach", RESPONDER,
				"{\"incidentId\":\"" + incidentId + "\"}")
			.getStatusCode()
			.value()).isEqualTo(409);
	}

	@Test
	void hostileBodiesAreRefusedNamingTheFieldAndNothingIsKept() throws IOException {
		long states = db().getCollection(CommandStore.SIGNAL_STATES).countDocuments();
		String firing = resource("alertmanager-firing.json");
		ObjectNode template = (ObjectNode) this.json.readTree(firing);

		ObjectNode wrongVersion = template.deepCopy().put("version", "3");
		assertRefused("/api/signals/alertmanager", wrongVersion.toString(), 400, "version");

		ObjectNode unknown = template.deepCopy().put("surprise", true);
		assertRefused("/api/signals/alertmanager", unknown.toString(), 400, "surprise");

		ObjectNode tooMany = template.deepCopy();
		var alerts = tooMany.withArray("alerts");
		JsonNode one = alerts.get(0);
		alerts.removeAll();
		for (int i = 0; i < 1_001; i++) {
			alerts.add(((ObjectNode) one.deepCopy()).put("fingerprint", "fp" + i));
		}
		assertRefused("/api/signals/alertmanager", tooMany.toString(), 400, "alerts");

		ObjectNode huge = template.deepCopy();
		((ObjectNode) huge.withArray("alerts").get(0).get("labels")).put("instance", "x".repeat(1 << 20));
		assertRefused("/api/signals/alertmanager", huge.toString(), 400, "alerts[0].labels.instance");

		ObjectNode future = template.deepCopy();
		((ObjectNode) future.withArray("alerts").get(1)).put("startsAt", "2999-01-01T00:00:00Z");
		assertRefused("/api/signals/alertmanager", future.toString(), 400, "alerts[1].startsAt");

		ObjectNode nowhere = template.deepCopy();
		((ObjectNode) nowhere.withArray("alerts").get(2).get("labels")).remove("zone");
		assertRefused("/api/signals/alertmanager", nowhere.toString(), 422, "alerts[2].region");

		assertRefused("/api/signals/alertmanager", "{\"version\":\"4\",\"alerts\":[", 400, null);
		assertRefused("/api/signals", "{\"source\":\"x\",\"fingerprint\":\"f\",\"status\":\"MAYBE\","
				+ "\"service\":\"s\",\"region\":\"r\",\"startsAt\":\"2021-12-07T15:31:00Z\"}", 400, "status");

		ResponseEntity<String> notMonitor = call(HttpMethod.POST, "/api/signals/alertmanager", RESPONDER, firing);
		assertThat(notMonitor.getStatusCode().value()).isEqualTo(403);

		assertThat(db().getCollection(CommandStore.SIGNAL_STATES).countDocuments()).isEqualTo(states);
	}

	private void assertRefused(String path, String body, int status, String field) {
		ResponseEntity<String> response = call(HttpMethod.POST, path, MONITOR, body);
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
		if (field != null) {
			assertThat(response.getBody()).contains("\"field\":\"" + field + "\"");
		}
	}

}
