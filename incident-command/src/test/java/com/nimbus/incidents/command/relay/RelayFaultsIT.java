package com.nimbus.incidents.command.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import com.nimbus.incidents.testinfra.TopicReader;
import com.nimbus.incidents.testinfra.TopicReader.Read;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay under the faults of issue 11, items 4: a send that fails blocks the later
 * batches of its incident only, which are then delivered once each and in order; a batch
 * that can never be delivered (too large for Kafka, or unreadable in the store) is set
 * apart with its reason and blocks nothing. Each test runs a relay of its own against the
 * real broker and store, on topics of its own, with a producer that refuses chosen
 * records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RelayFaultsIT {

	private static final String DATABASE = "command_relay_faults_" + UUID.randomUUID().toString().substring(0, 8);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	MongoEventStorageEngine store;

	@Autowired
	MongoClient mongo;

	private final List<EventRelay> started = new ArrayList<>();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> "relay-faults-" + UUID.randomUUID());
		registry.add("kafka.contract-topic", () -> "relay-faults-contracts-" + UUID.randomUUID());
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@AfterEach
	void stopRelays() {
		this.started.forEach(EventRelay::stop);
	}

	/**
	 * A real producer that refuses, as a broker without metadata would, chosen records.
	 */
	static final class RefusingProducer extends KafkaProducer<String, byte[]> {

		private final String key;

		private final String sequence;

		private final AtomicInteger refusals;

		final List<String> sentOrder = new ArrayList<>();

		RefusingProducer(String key, long sequence, int refusals) {
			super(config());
			this.key = key;
			this.sequence = String.valueOf(sequence);
			this.refusals = new AtomicInteger(refusals);
		}

		private static Properties config() {
			Properties config = new Properties();
			config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
			config.put(ProducerConfig.ACKS_CONFIG, "all");
			config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			return config;
		}

		@Override
		public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
			String sequence = new String(record.headers().lastHeader(EnvelopeEncoder.SEQUENCE_HEADER).value());
			if (this.key.equals(record.key()) && this.sequence.equals(sequence)
					&& this.refusals.getAndDecrement() > 0) {
				throw new TimeoutException("test: no metadata for the partition within max.block.ms");
			}
			synchronized (this.sentOrder) {
				this.sentOrder.add(record.key() + "#" + sequence);
			}
			return super.send(record);
		}

	}

	private record Standalone(EventRelay relay, PendingLedger ledger, EnvelopeEncoder encoder, KafkaProperties kafka,
			RelayDeadLetters deadLetters) {
	}

	private Standalone relay(KafkaProducer<String, byte[]> producer, long maxRecordBytes) {
		String topic = "relay-faults-" + UUID.randomUUID();
		KafkaProperties kafka = new KafkaProperties(TestInfrastructure.kafka().bootstrapServers(), topic,
				topic + "-contracts", 3, (short) 1, true, topic + "-signals");
		RelayProperties properties = new RelayProperties("", 32L << 20, maxRecordBytes, Duration.ofMinutes(15),
				1L << 20);
		var database = this.mongo.getDatabase(DATABASE);
		String owner = "standalone-" + UUID.randomUUID();
		PendingLedger ledger = new PendingLedger(database, owner);
		EnvelopeEncoder encoder = new EnvelopeEncoder(this.json, kafka);
		PublishedLog published = new PublishedLog(kafka, this.json, 1L << 20);
		RelayDeadLetters deadLetters = new RelayDeadLetters(database);
		RelayParts parts = new RelayParts(ledger, new RelayOwners(database, owner, Clock.systemUTC()), published,
				new DivergenceGuard(database, published), deadLetters, new BatchLoader(this.store, encoder),
				new Topics(kafka));
		EventRelay relay = new EventRelay(parts, producer, kafka, properties);
		relay.start();
		this.started.add(relay);
		return new Standalone(relay, ledger, encoder, kafka, deadLetters);
	}

	/** Appends the events to the store and hands them to the relay, as an append does. */
	private void append(Standalone relay, List<DomainEventMessage<?>> events) {
		this.store.appendEvents(events);
		DomainEventMessage<?> first = events.get(0);
		relay.relay()
			.enqueue(relay.ledger()
				.open(first.getAggregateIdentifier(), first.getSequenceNumber(),
						events.get(events.size() - 1).getSequenceNumber(),
						events.stream().map(DomainEventMessage::getIdentifier).toList(),
						events.stream().map(relay.encoder()::outgoing).toList()));
	}

	private Map<String, List<Long>> published(Standalone relay, int atLeast) {
		try (TopicReader reader = new TopicReader(TestInfrastructure.kafka().bootstrapServers(),
				relay.kafka().topic())) {
			List<Read> records = reader.readUntil((read) -> read.size() >= atLeast, PATIENCE);
			Map<String, List<Long>> sequences = new LinkedHashMap<>();
			for (Read record : records) {
				JsonNode envelope = this.json.readTree(record.value());
				sequences.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
					.add(envelope.get("sequence").asLong());
			}
			return sequences;
		}
	}

	@Test
	void aFailedSendHoldsTheLaterBatchesOfItsIncidentOnlyAndEachIsDeliveredOnceInOrder() {
		String a = "INC-FLAKY" + suffix();
		String b = "INC-STEADY" + suffix();
		RefusingProducer producer = new RefusingProducer(a, 1, 3);
		Standalone relay = relay(producer, 1_000_000);
		append(relay, List.of(declared(a, 0)));
		append(relay, List.of(action(a, 1, "first retry")));
		append(relay, List.of(action(a, 2, "after the retry")));
		append(relay, List.of(declared(b, 0)));
		append(relay, List.of(action(b, 1, "flows meanwhile")));

		Map<String, List<Long>> topic = published(relay, 5);
		assertThat(topic.get(a)).as("the failing incident: once each, in order").containsExactly(0L, 1L, 2L);
		assertThat(topic.get(b)).as("the other incident").containsExactly(0L, 1L);
		List<String> order = producer.sentOrder;
		assertThat(order).as("the other incident was sent while the failing one waited")
			.containsSubsequence(b + "#1", a + "#1", a + "#2");
		assertThat(order.stream().filter((sent) -> sent.startsWith(a + "#")).toList())
			.as("nothing of the failing incident sent twice or out of order")
			.containsExactly(a + "#0", a + "#1", a + "#2");
		Awaitility.await().atMost(PATIENCE).until(() -> relay.relay().backlog() == 0);
		assertThat(relay.relay().delivered()).isEqualTo(5);
	}

	@Test
	void aBatchThatCanNeverBeDeliveredIsSetApartWithItsReasonAndBlocksNothing() {
		String c = "INC-POISON" + suffix();
		String d = "INC-CLEAN" + suffix();
		String e = "INC-CORRUPT" + suffix();
		Standalone relay = relay(new RefusingProducer("none", -1, 0), 4_000);
		append(relay, List.of(declared(c, 0)));
		DomainEventMessage<?> huge = action(c, 1, "x".repeat(10_000));
		append(relay, List.of(huge));
		// a stored event that cannot be read back: its payload is not what its type says
		MongoCollection<Document> events = this.mongo.getDatabase(DATABASE).getCollection("domainevents");
		this.store.appendEvents(List.of(declared(e, 0)));
		Document stored = events.find(Filters.eq("aggregateIdentifier", e)).first();
		events.updateOne(Filters.eq("_id", stored.get("_id")),
				new Document("$set", new Document("serializedPayload", "{not json")));
		relay.relay()
			.enqueue(relay.ledger().open(e, 0, 0, List.of(stored.getString("eventIdentifier")), null).withoutRecords());
		append(relay, List.of(declared(d, 0)));

		Map<String, List<Long>> topic = published(relay, 2);
		assertThat(topic.get(c)).containsExactly(0L);
		assertThat(topic.get(d)).containsExactly(0L);
		Awaitility.await().atMost(PATIENCE).until(() -> relay.relay().deadLettered() == 2);
		Document tooLarge = this.mongo.getDatabase(DATABASE)
			.getCollection(RelayDeadLetters.COLLECTION)
			.find(Filters.eq("aggregateId", c))
			.first();
		assertThat(tooLarge.getLong("from")).isEqualTo(1L);
		assertThat(tooLarge.getString("reason")).contains("bytes, more than Kafka takes (4000)");
		assertThat(tooLarge.getList("eventIds", String.class)).containsExactly(huge.getIdentifier());
		Document unreadable = this.mongo.getDatabase(DATABASE)
			.getCollection(RelayDeadLetters.COLLECTION)
			.find(Filters.eq("aggregateId", e))
			.first();
		assertThat(unreadable.getString("reason")).startsWith("cannot be read back from the event store or encoded");
		Awaitility.await().atMost(PATIENCE).until(() -> relay.relay().backlog() == 0);
		Awaitility.await()
			.atMost(PATIENCE)
			.untilAsserted(() -> assertThat(relay.ledger()
				.all()
				.stream()
				.filter((entry) -> entry.owner().equals(relay.ledger().owner()))
				.toList()).as("every entry settled, the dead letters' too").isEmpty());
		assertThat(this.mongo.getDatabase(DATABASE)
			.getCollection("domainevents")
			.countDocuments(Filters.eq("aggregateIdentifier", c))).as("the store still holds what it accepted")
			.isEqualTo(2);
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static DomainEventMessage<?> declared(String incidentId, long sequence) {
		return event(incidentId, sequence,
				new IncidentDeclared("relay faults", Severity.SEV2, null, DetectionSource.MONITORING,
						Instant.parse("2021-12-07T15:41:00Z"), List.of("dns"), List.of("eu-west-1")));
	}

	private static DomainEventMessage<?> action(String incidentId, long sequence, String description) {
		return event(incidentId, sequence, new ActionRecorded(ActionKind.INVESTIGATION, description));
	}

	private static DomainEventMessage<?> event(String incidentId, long sequence, Object payload) {
		return new GenericDomainEventMessage<>("Incident", incidentId, sequence, payload,
				MetaData.with("occurredAt", "2021-12-07T16:00:00Z")
					.and("recordedAt", "2021-12-07T16:00:01Z")
					.and("actor", "faults@test"));
	}

}
