package com.nimbus.incidents.command.web;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes beyond the service's capacity: with every turn taken, a write waits at most
 * {@code admission.max-wait}, then gets 503 {@code overloaded} with {@code Retry-After}
 * and nothing is recorded, not even its {@code Idempotency-Key}; a write waiting when a
 * turn frees runs; a caller without a valid token and monitoring's signals are not held.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "admission.concurrent-writes=2", "admission.max-wait=400ms", "admission.retry-after=3s" })
class WriteAdmissionIT {

	private static final String TOPIC = "incident-events-admission-it-" + UUID.randomUUID();

	private static final String DATABASE = "admission_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String RESPONDER = TestInfrastructure.issuer().token("dana@nimbus.example", "RESPONDER");

	private static final String MONITOR = TestInfrastructure.issuer().token("prometheus", "MONITOR");

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MongoClient mongo;

	@Autowired
	WriteAdmission admission;

	@Value("${spring.mongodb.database}")
	String database;

	private String incident;

	private int held;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("catalog.read-database", () -> DATABASE + "_read");
	}

	@BeforeEach
	void anIncident() {
		ResponseEntity<String> declared = post("/api/incidents", RESPONDER, null, """
				{"title":"admission test","severity":"SEV2","detectionSource":"MONITORING",
				 "services":["console"],"regions":["us-east-1"]}""");
		assertThat(declared.getStatusCode().value()).as(declared.getBody()).isEqualTo(201);
		this.incident = this.json.readTree(declared.getBody()).get("incidentId").asString();
	}

	@AfterEach
	void releaseTurns() {
		while (this.held > 0) {
			this.admission.leave();
			this.held--;
		}
	}

	@Test
	void aWriteThatFindsNoTurnIsRefusedAndRecordsNothing() throws Exception {
		takeEveryTurn();
		long before = storedEvents();

		long started = System.nanoTime();
		ResponseEntity<String> refused = note("refused-key", "not now");
		long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

		assertThat(refused.getStatusCode().value()).isEqualTo(503);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("3");
		assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		JsonNode problem = this.json.readTree(refused.getBody());
		assertThat(problem.get("type").asString()).isEqualTo("https://incidents.nimbus.example/problems/overloaded");
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(waitedMs).as("it waited for a turn first").isGreaterThanOrEqualTo(400);
		assertThat(storedEvents()).isEqualTo(before);

		releaseTurns();
		ResponseEntity<String> retried = note("refused-key", "not now");
		assertThat(retried.getStatusCode().value()).as("the key was not reserved by the refusal: " + retried.getBody())
			.isEqualTo(200);
		assertThat(storedEvents()).isEqualTo(before + 1);
	}

	@Test
	void aWriteWaitingWhenATurnFreesRuns() throws Exception {
		takeEveryTurn();
		long before = storedEvents();

		CompletableFuture<ResponseEntity<String>> waiting = CompletableFuture
			.supplyAsync(() -> note("waiting-key", "after a wait"));
		TimeUnit.MILLISECONDS.sleep(150);
		assertThat(waiting).isNotDone();
		this.admission.leave();
		this.held--;

		ResponseEntity<String> answered = waiting.get(10, TimeUnit.SECONDS);
		assertThat(answered.getStatusCode().value()).as(answered.getBody()).isEqualTo(200);
		assertThat(storedEvents()).isEqualTo(before + 1);
	}

	@Test
	void aCallerWithoutATokenTakesNoTurn() throws Exception {
		takeEveryTurn();

		long started = System.nanoTime();
		ResponseEntity<String> unsigned = post("/api/incidents/" + this.incident + "/notes", "not-a-token", null,
				"{\"text\":\"who am I\"}");

		assertThat(unsigned.getStatusCode().value()).isEqualTo(401);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(400);
	}

	@Test
	void signalsAreNotHeld() throws Exception {
		takeEveryTurn();

		long started = System.nanoTime();
		ResponseEntity<String> invalid = post("/api/signals", MONITOR, null, "{\"signals\":\"none\"}");

		assertThat(invalid.getStatusCode().value()).as(invalid.getBody()).isEqualTo(400);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(400);
	}

	private void takeEveryTurn() throws InterruptedException {
		while (this.held < 2) {
			assertThat(this.admission.enter()).isTrue();
			this.held++;
		}
	}

	private ResponseEntity<String> note(String idempotencyKey, String text) {
		return post("/api/incidents/" + this.incident + "/notes", RESPONDER, idempotencyKey,
				"{\"text\":\"" + text + "\"}");
	}

	private ResponseEntity<String> post(String path, String token, String idempotencyKey, String body) {
		RestClient.RequestBodySpec request = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (req, res) -> {
			})
			.build()
			.post()
			.uri(path)
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON);
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return request.body(body).retrieve().toEntity(String.class);
	}

	private long storedEvents() {
		return this.mongo.getDatabase(this.database).getCollection("domainevents").countDocuments();
	}

}
