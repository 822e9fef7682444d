package com.nimbus.incidents.command.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import com.nimbus.incidents.testinfra.TopicReader;
import com.nimbus.incidents.testinfra.TopicReader.Read;
import org.apache.kafka.clients.producer.Producer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's completeness guarantee against a real broker and store: every event the
 * store accepted reaches {@code incident-events}, keyed by incident, in per-incident
 * order, whether the process dies between append and delivery or Kafka is away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RelayIT {

	private static final String DATABASE = "command_relay_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String TOPIC = "incident-events-relay-it-" + UUID.randomUUID();

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MongoEventStorageEngine store;

	@Autowired
	PendingLedger ledger;

	@Autowired
	EnvelopeEncoder encoder;

	@Autowired
	KafkaProperties kafkaProperties;

	@Autowired
	Producer<String, byte[]> producer;

	@Autowired
	com.mongodb.client.MongoClient mongo;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
	}

	private static final String RESPONDER = TestInfrastructure.issuer().token("dana@nimbus.example", "RESPONDER");

	private RestClient http() {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization", "Bearer " + RESPONDER)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	private JsonNode post(String path, String body) {
		ResponseEntity<String> response = http().post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as("%s -> %s", path, response.getBody()).isTrue();
		return this.json.readTree(response.getBody());
	}

	/**
	 * Declares an incident: two events, {@code IncidentDeclared} and its commander's
	 * {@code ResponderAssigned} (ADR 23), so the next write is version 2.
	 */
	private String declare() {
		return post("/api/incidents", """
				{"title":"relay test","severity":"SEV3","detectionSource":"MONITORING",
				 "services":["compute-api"],"regions":["us-east-1"]}""").get("incidentId").asString();
	}

	private long recordAction(String incidentId, int n) {
		return post("/api/incidents/" + incidentId + "/actions",
				"{\"kind\":\"INVESTIGATION\",\"description\":\"step " + n + "\"}")
			.get("version")
			.asLong();
	}

	/** Sequences per incident, in the order they sit on the topic. */
	private Map<String, List<Long>> sequencesByIncident(List<Read> records) {
		Map<String, List<Long>> sequences = new LinkedHashMap<>();
		for (Read record : records) {
			JsonNode envelope = this.json.readTree(record.value());
			assertThat(record.key()).isEqualTo(envelope.get("incidentId").asString());
			assertThat(record.headers()).containsEntry("type", envelope.get("type").asString())
				.containsEntry("schemaVersion", envelope.get("schemaVersion").asString());
			sequences.computeIfAbsent(record.key(), (key) -> new ArrayList<>()).add(envelope.get("sequence").asLong());
		}
		return sequences;
	}

	private static List<Long> zeroTo(long last) {
		List<Long> expected = new ArrayList<>();
		for (long i = 0; i <= last; i++) {
			expected.add(i);
		}
		return expected;
	}

	@Test
	void everyAcknowledgedCommandReachesKafkaOnceAndInPerIncidentOrder() throws Exception {
		List<String> incidents = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			incidents.add(declare());
		}
		Map<String, List<Long>> acknowledged = new HashMap<>();
		incidents.forEach((id) -> acknowledged.put(id, Collections.synchronizedList(new ArrayList<>(List.of(0L, 1L)))));
		ExecutorService writers = Executors.newFixedThreadPool(8);
		List<Future<?>> sent = new ArrayList<>();
		for (int n = 0; n < 200; n++) {
			int step = n;
			sent.add(writers.submit(() -> {
				String id = incidents.get(ThreadLocalRandom.current().nextInt(incidents.size()));
				acknowledged.get(id).add(recordAction(id, step));
			}));
		}
		for (Future<?> future : sent) {
			future.get();
		}
		writers.shutdown();

		try (TopicReader reader = new TopicReader(TestInfrastructure.kafka().bootstrapServers(), TOPIC)) {
			// 5 declarations of two events each, and 200 actions (the topic holds other
			// tests' incidents too)
			List<Read> records = reader
				.readUntil((read) -> read.stream().filter((r) -> incidents.contains(r.key())).count() >= 210, PATIENCE);
			Map<String, List<Long>> published = sequencesByIncident(records);
			assertThat(records.stream().filter((r) -> incidents.contains(r.key()))).hasSize(210);
			for (String id : incidents) {
				long last = acknowledged.get(id).stream().mapToLong(Long::longValue).max().orElseThrow();
				assertThat(acknowledged.get(id)).hasSize((int) last + 1)
					.containsExactlyInAnyOrderElementsOf(zeroTo(last));
				assertThat(published.get(id)).as("sequences of %s on the topic", id).isEqualTo(zeroTo(last));
				assertThat(this.store.lastSequenceNumberFor(id)).contains(last);
			}
		}
		// removed beside the next sends (LedgerSettler)
		org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> this.ledger.count() == 0);
	}

	@Test
	void whatADeadInstanceLeftIsTakenOverAndDeliveredOnceWithoutWhatItHadDelivered() throws Exception {
		String incidentId = "INC-CRASHED" + UUID.randomUUID().toString().substring(0, 6);
		List<DomainEventMessage<?>> events = List.of(
				event(incidentId, 0,
						new IncidentDeclared("crashed", Severity.SEV2, null, DetectionSource.MONITORING,
								Instant.parse("2021-12-07T15:41:00Z"), List.of("console"), List.of("us-east-1"))),
				event(incidentId, 1, new ActionRecorded(ActionKind.ROLLBACK, "rolled back")),
				event(incidentId, 2, new ActionRecorded(ActionKind.FIX, "fixed")));
		// What an instance that died had done: the ledger entry, the append, and the
		// delivery of the first two events, but not the settlement. It never renews a
		// lease.
		PendingLedger dead = new PendingLedger(this.mongo.getDatabase(DATABASE), "dead-instance");
		dead.open(incidentId, 0, 2, events.stream().map(DomainEventMessage::getIdentifier).toList(), null);
		this.store.appendEvents(events);
		this.producer.send(this.encoder.record(events.get(0))).get();
		this.producer.send(this.encoder.record(events.get(1))).get();
		// And an entry whose append never happened: nothing to deliver for it.
		dead.open("INC-NEVERSTORED", 0, 0, List.of(UUID.randomUUID().toString()), null);

		org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> this.ledger.count() == 0);
		try (TopicReader reader = new TopicReader(TestInfrastructure.kafka().bootstrapServers(), TOPIC)) {
			List<Read> records = reader
				.readUntil((read) -> read.stream().filter((r) -> incidentId.equals(r.key())).count() >= 3, PATIENCE);
			assertThat(sequencesByIncident(records).get(incidentId)).as("each sequence once, in order")
				.containsExactly(0L, 1L, 2L);
			assertThat(sequencesByIncident(records)).doesNotContainKey("INC-NEVERSTORED");
			JsonNode fixed = this.json.readTree(records.stream()
				.filter((r) -> incidentId.equals(r.key()))
				.reduce((first, second) -> second)
				.orElseThrow()
				.value());
			assertThat(fixed.get("eventId").asString()).isEqualTo(events.get(2).getIdentifier());
			assertThat(fixed.get("actor").asString()).isEqualTo("recovery@test");
		}
	}

	/**
	 * Two instances append to one incident in turn: sequence 2 through the other one,
	 * which has stored it and not delivered it yet, then 3 through this one. This
	 * instance must not publish 3 before the other has published 2.
	 */
	@Test
	void aBatchWaitsForTheOneBeforeItThatAnotherLiveInstanceHasNotDeliveredYet() throws Exception {
		String incidentId = declare();
		com.mongodb.client.MongoDatabase database = this.mongo.getDatabase(DATABASE);
		new RelayOwners(database, "other-live-instance", java.time.Clock.systemUTC()).heartbeat();
		PendingLedger other = new PendingLedger(database, "other-live-instance");
		DomainEventMessage<?> second = event(incidentId, 2, new ActionRecorded(ActionKind.ROLLBACK, "other"));
		RelayBatch pending = other.open(incidentId, 2, 2, List.of(second.getIdentifier()), null);
		this.store.appendEvents(List.of(second));

		assertThat(recordAction(incidentId, 3)).isEqualTo(3);
		// an incident declared after 3 was appended: once its events are on the topic,
		// the
		// relay has had 3 in hand (it delivers in append order, holding only what waits)
		String later = declare();
		try (TopicReader reader = new TopicReader(TestInfrastructure.kafka().bootstrapServers(), TOPIC)) {
			List<Read> meanwhile = reader
				.readUntil((read) -> read.stream().filter((r) -> later.equals(r.key())).count() >= 2, PATIENCE);
			assertThat(sequencesByIncident(meanwhile).get(incidentId)).as("3 waits for the other instance's 2")
				.containsExactly(0L, 1L);
			this.producer.send(this.encoder.record(second)).get();
			other.settle(List.of(pending.ledgerId()));

			List<Read> records = reader
				.readUntil((read) -> read.stream().filter((r) -> incidentId.equals(r.key())).count() >= 4, PATIENCE);
			assertThat(sequencesByIncident(records).get(incidentId)).as("in order across the two instances")
				.containsExactly(0L, 1L, 2L, 3L);
		}
	}

	/**
	 * The same, when the other instance stopped (no lease) before delivering 2: this
	 * instance takes 2 over and publishes it before 3.
	 */
	@Test
	void aBatchWaitsForTheOneBeforeItThatAStoppedInstanceLeftAndIsTakenOver() throws Exception {
		String incidentId = declare();
		PendingLedger stopped = new PendingLedger(this.mongo.getDatabase(DATABASE), "stopped-instance");
		DomainEventMessage<?> second = event(incidentId, 2, new ActionRecorded(ActionKind.ROLLBACK, "stopped"));
		stopped.open(incidentId, 2, 2, List.of(second.getIdentifier()), null);
		this.store.appendEvents(List.of(second));

		assertThat(recordAction(incidentId, 3)).isEqualTo(3);

		try (TopicReader reader = new TopicReader(TestInfrastructure.kafka().bootstrapServers(), TOPIC)) {
			List<Read> records = reader
				.readUntil((read) -> read.stream().filter((r) -> incidentId.equals(r.key())).count() >= 4, PATIENCE);
			assertThat(sequencesByIncident(records).get(incidentId)).as("in order across the two instances")
				.containsExactly(0L, 1L, 2L, 3L);
		}
		org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> this.ledger.count() == 0);
	}

	@Test
	void commandsAreAcceptedWhileKafkaIsAwayAndDeliveredWhenItReturns() {
		String incidentId = declare();
		TestInfrastructure.Kafka kafka = TestInfrastructure.kafka();
		List<Long> versions = new ArrayList<>();
		kafka.pause();
		try {
			for (int n = 1; n <= 20; n++) {
				versions.add(recordAction(incidentId, n));
			}
			assertThat(versions).isEqualTo(zeroTo(21).subList(2, 22));
			assertThat(this.ledger.count()).as("undelivered batches held in the ledger").isPositive();
		}
		finally {
			kafka.resume();
		}
		try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), TOPIC)) {
			List<Read> records = reader
				.readUntil((read) -> read.stream().filter((r) -> incidentId.equals(r.key())).count() >= 22, PATIENCE);
			assertThat(sequencesByIncident(records).get(incidentId)).isEqualTo(zeroTo(21));
		}
		org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> this.ledger.count() == 0);
	}

	@Test
	void aStoreThatLostPublishedEventsIsReportedAndItsIncidentTakesNoWrite() throws Exception {
		String incidentId = declare();
		assertThat(recordAction(incidentId, 1)).isEqualTo(2);
		try (TopicReader reader = new TopicReader(TestInfrastructure.kafka().bootstrapServers(), TOPIC)) {
			reader.readUntil((read) -> read.stream().filter((r) -> incidentId.equals(r.key())).count() >= 3, PATIENCE);
		}
		// What a store that forgot its last two acknowledged events looks like: they are
		// on the topic, the store ends at 2.
		for (long sequence = 3; sequence <= 4; sequence++) {
			this.producer
				.send(this.encoder.record(event(incidentId, sequence, new ActionRecorded(ActionKind.FIX, "lost"))))
				.get();
		}
		org.awaitility.Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> health().get("status").asString().equals("DOWN"));
		JsonNode relay = health().get("components").get("relay");
		assertThat(relay.get("status").asString()).isEqualTo("DOWN");
		assertThat(relay.get("details").get("diverged").get(incidentId).asString())
			.contains("lacks sequences 3..4 of " + incidentId);

		ResponseEntity<String> refused = http().post()
			.uri("/api/incidents/" + incidentId + "/actions")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"kind\":\"FIX\",\"description\":\"would reuse 3\"}")
			.retrieve()
			.toEntity(String.class);
		assertThat(refused.getStatusCode().value()).isEqualTo(503);
		assertThat(this.json.readTree(refused.getBody()).get("type").asString()).endsWith("/store-diverged");
		assertThat(this.store.lastSequenceNumberFor(incidentId)).as("nothing appended").contains(2L);
		// other incidents still take writes
		assertThat(recordAction(declare(), 1)).isEqualTo(2);
	}

	private JsonNode health() {
		// health shows its components to ADMIN only
		return this.json.readTree(RestClient.create("http://127.0.0.1:" + this.port + "/actuator/health")
			.get()
			.header("Authorization", "Bearer " + TestInfrastructure.issuer().token("ops@test", "ADMIN"))
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.body(String.class));
	}

	private static DomainEventMessage<?> event(String incidentId, long sequence, Object payload) {
		return new GenericDomainEventMessage<>("Incident", incidentId, sequence, payload,
				MetaData.with("occurredAt", "2021-12-07T16:00:00Z")
					.and("recordedAt", "2021-12-07T16:00:01Z")
					.and("actor", "recovery@test"));
	}

}
