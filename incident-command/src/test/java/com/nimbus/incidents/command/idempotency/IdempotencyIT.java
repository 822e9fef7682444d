package com.nimbus.incidents.command.idempotency;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.MongoSocketWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.command.idempotency.Reservation.State;
import com.nimbus.incidents.command.incident.IncidentIds;
import com.nimbus.incidents.localstack.EmbeddedMongoStore;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

/**
 * {@code Idempotency-Key} under faults, against a store of its own that the test can take
 * away and bring back (with its data): a fault between the append and the record of the
 * outcome, a reservation left by a request that appended nothing, the store away, answers
 * that are not replayed, and expiry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotencyIT {

	private static final String TOPIC = "incident-events-idempotency-it-" + UUID.randomUUID();

	private static final String DATABASE = "idempotency_it";

	private static final String SUBJECT = "dana@nimbus.example";

	private static final String CALLER = TestInfrastructure.issuer().token(SUBJECT, "RESPONDER", "FINANCE");

	private static final MovableClock CLOCK = new MovableClock();

	private static final Path DATA;

	private static final int STORE_PORT;

	private static EmbeddedMongoStore store;

	static {
		try (ServerSocket socket = new ServerSocket(0)) {
			DATA = Files.createTempDirectory("idempotency-it").resolve("store.mv");
			STORE_PORT = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MongoClient mongo;

	@Value("${spring.mongodb.database}")
	String database;

	@MockitoSpyBean
	IdempotencyKeys keys;

	@Autowired
	ExpiredKeySweep sweep;

	@TestBean
	Clock clock;

	static Clock clock() {
		return CLOCK;
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", IdempotencyIT::startStore);
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	private static synchronized String startStore() {
		if (store == null) {
			try {
				store = EmbeddedMongoStore.start(DATA, "127.0.0.1", STORE_PORT);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot start the test's store", ex);
			}
		}
		return store.connectionString();
	}

	private static synchronized void stopStore() {
		store.close();
		store = null;
	}

	@AfterAll
	static void closeStore() {
		if (store != null) {
			stopStore();
		}
	}

	record Call(HttpMethod method, String path, String body, String ifMatch, String key) {

		Call(HttpMethod method, String path, String body, String key) {
			this(method, path, body, null, key);
		}

	}

	private ResponseEntity<String> send(Call call) {
		RestClient.RequestBodySpec request = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (req, res) -> {
			})
			.build()
			.method(call.method())
			.uri(call.path())
			.header("Authorization", "Bearer " + CALLER);
		if (call.ifMatch() != null) {
			request.header("If-Match", call.ifMatch());
		}
		if (call.key() != null) {
			request.header("Idempotency-Key", call.key());
		}
		return request.contentType(MediaType.APPLICATION_JSON).body(call.body()).retrieve().toEntity(String.class);
	}

	/**
	 * The events a person's declaration appends: {@code IncidentDeclared} and its
	 * commander's {@code ResponderAssigned} (ADR 23). A write after it is version
	 * {@code DECLARED}.
	 */
	private static final long DECLARED = 2;

	private String declare() {
		ResponseEntity<String> declared = send(new Call(HttpMethod.POST, "/api/incidents", declaration(), null));
		assertThat(declared.getStatusCode().value()).as(declared.getBody()).isEqualTo(201);
		return this.json.readTree(declared.getBody()).get("incidentId").asString();
	}

	private static String declaration() {
		return "{\"title\":\"idempotency\",\"severity\":\"SEV3\",\"detectionSource\":\"MONITORING\","
				+ "\"services\":[\"api\"],\"regions\":[\"eu-west-1\"]}";
	}

	private long eventsOf(String incidentId) {
		return this.mongo.getDatabase(this.database)
			.getCollection("domainevents")
			.countDocuments(new Document("aggregateIdentifier", incidentId));
	}

	private MongoCollection<Document> keyDocuments() {
		return this.mongo.getDatabase(this.database).getCollection(IdempotencyKeys.COLLECTION);
	}

	private Document keyDocument(String key) {
		return keyDocuments().find(new Document("_id", SUBJECT + "\n" + key)).first();
	}

	private JsonNode json(ResponseEntity<String> response) {
		return this.json.readTree(response.getBody());
	}

	private static MongoSocketWriteException connectionLost() {
		return new MongoSocketWriteException("connection lost (test)", new ServerAddress(), new IOException("reset"));
	}

	@Test
	void aRetryAfterTheProcessLostTheOutcomeAnswersTheFirstVersionAndAppendsNothing() {
		String incident = declare();
		Call note = new Call(HttpMethod.POST, "/api/incidents/" + incident + "/notes", "{\"text\":\"once\"}",
				UUID.randomUUID().toString());
		doThrow(connectionLost()).when(this.keys).complete(any(), any());

		ResponseEntity<String> first = send(note);
		doCallRealMethod().when(this.keys).complete(any(), any());

		assertThat(first.getStatusCode().value()).isEqualTo(200);
		assertThat(json(first).get("version").asLong()).isEqualTo(DECLARED);
		assertThat(keyDocument(note.key()).getString("state")).isEqualTo("PENDING");
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);

		ResponseEntity<String> tooSoon = send(note);
		assertThat(tooSoon.getStatusCode().value()).isEqualTo(409);
		assertThat(tooSoon.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);

		CLOCK.advance(Duration.ofMinutes(2));
		ResponseEntity<String> retry = send(note);

		assertThat(retry.getStatusCode().value()).isEqualTo(200);
		assertThat(retry.getBody()).isEqualTo(first.getBody());
		assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);
		assertThat(keyDocument(note.key()).getString("state")).isEqualTo("COMPLETED");

		ResponseEntity<String> again = send(note);
		assertThat(again.getBody()).isEqualTo(first.getBody());
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);
	}

	@Test
	void aDeclarationWhoseOutcomeWasLostNamesTheSameIncidentAndCreatesNoOther() {
		Call declare = new Call(HttpMethod.POST, "/api/incidents", declaration(), UUID.randomUUID().toString());
		long incidents = this.mongo.getDatabase(this.database)
			.getCollection("domainevents")
			.countDocuments(new Document("sequenceNumber", 0));
		doThrow(connectionLost()).when(this.keys).complete(any(), any());

		ResponseEntity<String> first = send(declare);
		doCallRealMethod().when(this.keys).complete(any(), any());
		CLOCK.advance(Duration.ofMinutes(2));
		ResponseEntity<String> retry = send(declare);

		assertThat(first.getStatusCode().value()).isEqualTo(201);
		assertThat(retry.getStatusCode().value()).isEqualTo(201);
		assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
		assertThat(retry.getBody()).isEqualTo(first.getBody());
		assertThat(this.mongo.getDatabase(this.database)
			.getCollection("domainevents")
			.countDocuments(new Document("sequenceNumber", 0))).isEqualTo(incidents + 1);
	}

	@Test
	void aRetryAfterARequestThatDiedBeforeAppendingRunsTheCommandOnce() {
		String incident = declare();
		String key = UUID.randomUUID().toString();
		String path = "/api/incidents/" + incident + "/notes";
		String body = "{\"text\":\"after a crash\"}";
		// what a process that died after reserving the key and before appending leaves
		this.keys.reserve(Reservation.pending(SUBJECT + "\n" + key,
				IdempotencyFilter.fingerprint("POST", path, null, null, body.getBytes(StandardCharsets.UTF_8)),
				UUID.randomUUID().toString(), incident, CLOCK.instant()), Duration.ofHours(24));

		CLOCK.advance(Duration.ofMinutes(2));
		ResponseEntity<String> retry = send(new Call(HttpMethod.POST, path, body, key));
		ResponseEntity<String> again = send(new Call(HttpMethod.POST, path, body, key));

		assertThat(retry.getStatusCode().value()).isEqualTo(200);
		assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(json(retry).get("version").asLong()).isEqualTo(DECLARED);
		assertThat(again.getBody()).isEqualTo(retry.getBody());
		assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);
	}

	@Test
	void aRetryAfterAServerErrorLooksForTheOutcomeAtOnce() {
		String incident = declare();
		String key = UUID.randomUUID().toString();
		String path = "/api/incidents/" + incident + "/notes";
		String body = "{\"text\":\"after a 503\"}";
		// what a request that ended in a server error before appending leaves
		Reservation failed = Reservation.pending(SUBJECT + "\n" + key,
				IdempotencyFilter.fingerprint("POST", path, null, null, body.getBytes(StandardCharsets.UTF_8)),
				UUID.randomUUID().toString(), incident, CLOCK.instant());
		this.keys.reserve(failed, Duration.ofHours(24));
		this.keys.markUnknown(failed);

		ResponseEntity<String> retry = send(new Call(HttpMethod.POST, path, body, key));

		assertThat(retry.getStatusCode().value()).isEqualTo(200);
		assertThat(json(retry).get("version").asLong()).isEqualTo(DECLARED);
		assertThat(keyDocument(key).getString("state")).isEqualTo("COMPLETED");
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);
	}

	@Test
	void aDeclarationThatDiedBeforeAppendingIsMadeUnderTheIdItWasAssigned() {
		String key = UUID.randomUUID().toString();
		String assigned = IncidentIds.newIncidentId();
		this.keys.reserve(Reservation.pending(SUBJECT + "\n" + key,
				IdempotencyFilter.fingerprint("POST", "/api/incidents", null, null,
						declaration().getBytes(StandardCharsets.UTF_8)),
				UUID.randomUUID().toString(), assigned, CLOCK.instant()), Duration.ofHours(24));

		CLOCK.advance(Duration.ofMinutes(2));
		ResponseEntity<String> retry = send(new Call(HttpMethod.POST, "/api/incidents", declaration(), key));

		assertThat(retry.getStatusCode().value()).isEqualTo(201);
		assertThat(json(retry).get("incidentId").asString()).isEqualTo(assigned);
		assertThat(eventsOf(assigned)).isEqualTo(DECLARED);
	}

	@Test
	void theStoreAwayIsA503WithRetryAfterAndTheSameKeyWorksOnceItIsBack() {
		String incident = declare();
		Call note = new Call(HttpMethod.POST, "/api/incidents/" + incident + "/notes", "{\"text\":\"outage\"}",
				UUID.randomUUID().toString());
		ResponseEntity<String> away;
		stopStore();
		try {
			away = send(note);
		}
		finally {
			startStore();
		}

		assertThat(away.getStatusCode().value()).isEqualTo(503);
		assertThat(away.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(away.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		assertThat(json(away).get("type").asString()).endsWith("/store-unavailable");

		List<Integer> statuses = new ArrayList<>();
		ResponseEntity<String> back = send(note);
		Instant deadline = Instant.now().plusSeconds(60);
		while (back.getStatusCode().value() == 503 && Instant.now().isBefore(deadline)) {
			statuses.add(back.getStatusCode().value());
			back = send(note);
		}
		assertThat(back.getStatusCode().value()).as("after " + statuses + ": " + back.getBody()).isEqualTo(200);
		assertThat(json(back).get("version").asLong()).isEqualTo(DECLARED);
		assertThat(send(note).getBody()).isEqualTo(back.getBody());
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);
	}

	@Test
	void aConflictIsNotReplayedButEvaluatedAgainOnceTheIncidentHasChanged() {
		String incident = declare();
		assertThat(send(
				new Call(HttpMethod.POST, "/api/incidents/" + incident + "/resolve", "{\"summary\":\"fixed\"}", null))
			.getStatusCode()
			.value()).isEqualTo(200);
		Call resolve = new Call(HttpMethod.POST, "/api/incidents/" + incident + "/resolve",
				"{\"summary\":\"fixed again\"}", UUID.randomUUID().toString());

		ResponseEntity<String> conflict = send(resolve);
		CLOCK.advance(Duration.ofSeconds(1));
		assertThat(
				send(new Call(HttpMethod.POST, "/api/incidents/" + incident + "/reopen", "{\"reason\":\"back\"}", null))
					.getStatusCode()
					.value())
			.isEqualTo(200);
		CLOCK.advance(Duration.ofSeconds(1));
		ResponseEntity<String> retry = send(resolve);

		assertThat(conflict.getStatusCode().value()).isEqualTo(409);
		assertThat(json(conflict).get("type").asString()).endsWith("/rule-violation");
		assertThat(retry.getStatusCode().value()).as(retry.getBody()).isEqualTo(200);
		assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(json(retry).get("version").asLong()).isEqualTo(DECLARED + 2);
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 3);
	}

	@Test
	void aStaleIfMatchIsNotReplayed() {
		String incident = declare();
		send(new Call(HttpMethod.POST, "/api/incidents/" + incident + "/notes", "{\"text\":\"moves on\"}", null));
		Call stale = new Call(HttpMethod.POST, "/api/incidents/" + incident + "/notes", "{\"text\":\"late\"}", "\"0\"",
				UUID.randomUUID().toString());

		ResponseEntity<String> first = send(stale);
		ResponseEntity<String> retry = send(stale);

		assertThat(first.getStatusCode().value()).isEqualTo(412);
		assertThat(retry.getStatusCode().value()).isEqualTo(412);
		assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(keyDocument(stale.key())).isNull();
		assertThat(eventsOf(incident)).isEqualTo(DECLARED + 1);
	}

	@Test
	void keysExpireAfter24HoursByTheTtlIndexAndTheSweep() {
		Document index = null;
		for (Document candidate : keyDocuments().listIndexes()) {
			if (IdempotencyKeys.EXPIRY_INDEX.equals(candidate.getString("name"))) {
				index = candidate;
			}
		}
		assertThat(index).isNotNull();
		assertThat(index.get("key", Document.class)).isEqualTo(new Document("createdAt", 1));
		assertThat(index.get("expireAfterSeconds", Number.class).longValue()).isEqualTo(86_400L);

		Instant now = CLOCK.instant();
		keyDocuments().insertOne(
				new Document("_id", SUBJECT + "\nexpired-" + UUID.randomUUID()).append("state", State.COMPLETED.name())
					.append("createdAt", Date.from(now.minus(Duration.ofHours(25)))));
		String kept = SUBJECT + "\nkept-" + UUID.randomUUID();
		keyDocuments().insertOne(new Document("_id", kept).append("state", State.COMPLETED.name())
			.append("createdAt", Date.from(now.minus(Duration.ofHours(23)))));

		assertThat(this.sweep.sweep()).isEqualTo(1);
		assertThat(keyDocuments()
			.countDocuments(new Document("createdAt", new Document("$lt", Date.from(now.minus(Duration.ofHours(24)))))))
			.isZero();
		assertThat(keyDocuments().countDocuments(new Document("_id", kept))).isEqualTo(1);
	}

}
