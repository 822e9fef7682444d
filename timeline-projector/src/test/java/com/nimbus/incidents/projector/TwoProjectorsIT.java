package com.nimbus.incidents.projector;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.nimbus.incidents.events.ContractAmended;
import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractEvent;
import com.nimbus.incidents.events.ContractRegistered;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.projector.consumer.RebuildControl;
import com.nimbus.incidents.projector.contract.ContractProjector;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.timeline.TestLog;
import com.nimbus.incidents.projector.timeline.BucketsView;
import com.nimbus.incidents.projector.timeline.TestViews;
import com.nimbus.incidents.projector.timeline.TimelineStore;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the projector in one consumer group, as two applications on their own
 * ports over the same topics and the same store: they split the partitions of both topics
 * between them and together build, document for document, the read models one instance
 * builds alone from the same records. A rebuild asked of one of them is carried out by
 * both, and one left unfinished by an instance that died is finished by another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoProjectorsIT {

	private static final Logger log = LoggerFactory.getLogger(TwoProjectorsIT.class);

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String TOPIC = "incident-events-two-projectors-it-" + RUN;

	private static final String CONTRACT_TOPIC = TOPIC + "-contracts";

	private static final String GROUP = "two-projectors-it-" + RUN;

	private static final String DATABASE = "two_projectors_it_" + RUN;

	private static final String ALONE_GROUP = "one-projector-it-" + RUN;

	private static final String ALONE_DATABASE = "one_projector_it_" + RUN;

	private static final int INCIDENTS = 60;

	private static final int EVENTS_PER_INCIDENT = 8;

	/** per incident: the report, the correction and the end of console-use1 */
	private static final int FACTS_PER_INCIDENT = 3;

	private static final int CUSTOMERS = 12;

	private static final List<String> READ_MODELS = List.of(TimelineStore.SUMMARIES, TimelineStore.LIST,
			TimelineStore.ENTRIES, ContractProjector.VERSIONS, DeadLetters.COLLECTION);

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static ConfigurableApplicationContext alone;

	private static MongoClient mongo;

	private static JsonMapper json;

	private static Instant publishedAt;

	@BeforeAll
	static void startThreeProjectorsAndPublish() throws Exception {
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(CONTRACT_TOPIC, 3, (short) 1)))
				.all()
				.get();
		}
		mongo = MongoClients.create(TestInfrastructure.mongo().connectionString());
		first = start(GROUP, DATABASE);
		second = start(GROUP, DATABASE);
		alone = start(ALONE_GROUP, ALONE_DATABASE);
		json = first.getBean(JsonMapper.class);
		// both instances hold partitions before anything is published, so both project
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> split(status(first).partitions(), status(second).partitions())
					&& status(alone).partitions().size() == 6);
		publishedAt = Instant.now();
		publish();
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second, alone }) {
			if (context != null) {
				context.close();
			}
		}
		if (mongo != null) {
			mongo.close();
		}
	}

	private static ConfigurableApplicationContext start(String group, String database) {
		return new SpringApplicationBuilder(TimelineProjectorApplication.class).main(TimelineProjectorApplication.class)
			.run("--server.port=" + TestInfrastructure.freePort(),
					"--spring.mongodb.uri=" + TestInfrastructure.mongo().connectionString(),
					"--spring.mongodb.database=" + database,
					"--kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
					"--kafka.topic=" + TOPIC, "--kafka.contract-topic=" + CONTRACT_TOPIC, "--kafka.group-id=" + group,
					"--spring.security.oauth2.resourceserver.jwt.public-key-location="
							+ TestInfrastructure.issuer().publicKeyLocation());
	}

	private static Admin admin() {
		return Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers()));
	}

	/**
	 * Every incident's log, keyed by incident id as the relay keys it, in a shuffled
	 * order with some events twice (as several command instances relaying at once, and
	 * redelivery after a crash, can produce); and two versions of each customer's
	 * contract, keyed by customer id.
	 */
	private static void publish() throws Exception {
		Random random = new Random(20211207);
		List<EventEnvelope> events = new ArrayList<>();
		for (int i = 0; i < INCIDENTS; i++) {
			events.addAll(TestLog.incident(String.format("INC-SCALE%06d", i)));
		}
		List<EventEnvelope> sent = new ArrayList<>(events);
		for (int i = 0; i < events.size() / 5; i++) {
			sent.add(events.get(random.nextInt(events.size())));
		}
		Collections.shuffle(sent, random);
		List<ContractEnvelope> contracts = new ArrayList<>();
		for (int i = 0; i < CUSTOMERS; i++) {
			String customer = String.format("customer-%02d", i);
			ContractEnvelope registered = contract(customer, 0, new ContractRegistered("Customer " + i, 1000 + i,
					Instant.parse("2021-01-01T00:00:00Z"), List.of(storage("12000.00"))));
			// every other customer's amendment adds the console in us-east-1, where every
			// incident has a window
			List<ServiceTerms> amendedTerms = (i % 2 == 0) ? List.of(storage("13000.00"), console())
					: List.of(storage("13000.00"));
			ContractEnvelope amended = contract(customer, 1, new ContractAmended("Customer " + i, 2000 + i,
					Instant.parse("2022-01-01T00:00:00Z"), amendedTerms));
			contracts.addAll(List.of(amended, registered, amended));
		}
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			for (EventEnvelope envelope : sent) {
				producer.send(new ProducerRecord<>(TOPIC, envelope.incidentId(), json.writeValueAsString(envelope)));
			}
			for (ContractEnvelope envelope : contracts) {
				producer.send(
						new ProducerRecord<>(CONTRACT_TOPIC, envelope.customerId(), json.writeValueAsString(envelope)));
			}
			producer.flush();
		}
	}

	private static ServiceTerms storage(String fee) {
		return new ServiceTerms("object-storage", List.of("us-east-1"), new Money(new BigDecimal(fee), "USD"),
				new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null,
						List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN))));
	}

	private static ServiceTerms console() {
		return new ServiceTerms("console", List.of("us-east-1"), new Money(new BigDecimal("500.00"), "USD"),
				new SlaTerms(SlaMeasurement.AVAILABILITY, List.of(ImpactLevel.MAJOR_OUTAGE), null,
						List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN))));
	}

	private static ContractEnvelope contract(String customer, long sequence, ContractEvent event) {
		return ContractEnvelope.of(customer + "-event-" + sequence, customer, sequence, event.terms().effectiveFrom(),
				Instant.parse("2021-12-20T00:00:00Z").plusSeconds(sequence), "finance@nimbus.example", event);
	}

	private static ProjectorLoop.Status status(ConfigurableApplicationContext context) {
		return context.getBean(ProjectorLoop.class).status();
	}

	private static boolean split(List<String> one, List<String> other) {
		Set<String> both = new HashSet<>(one);
		both.addAll(other);
		return !one.isEmpty() && !other.isEmpty() && both.size() == one.size() + other.size()
				&& both.equals(allPartitions());
	}

	private static Set<String> allPartitions() {
		return IntStream.range(0, 3)
			.boxed()
			.flatMap((partition) -> List.of(TOPIC + "-" + partition, CONTRACT_TOPIC + "-" + partition).stream())
			.collect(Collectors.toSet());
	}

	/** The last offset plus one of every partition of both topics. */
	private static Map<String, Long> endOffsets() throws Exception {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
			for (String topic : List.of(TOPIC, CONTRACT_TOPIC)) {
				for (int partition = 0; partition < 3; partition++) {
					latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
				}
			}
			Map<String, Long> ends = new LinkedHashMap<>();
			admin.listOffsets(latest)
				.all()
				.get()
				.forEach((partition, info) -> ends.put(partition.toString(), info.offset()));
			return ends;
		}
	}

	private static long recordsIn(List<String> partitions, Map<String, Long> ends) {
		return partitions.stream().mapToLong(ends::get).sum();
	}

	private static MongoDatabase database(String name) {
		return mongo.getDatabase(name);
	}

	private static com.mongodb.client.MongoCollection<Document> buckets(String database) {
		return database(database).getCollection(TimelineStore.LIST_BUCKETS);
	}

	private static List<Document> dump(String database, String collection) {
		return database(database).getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
	}

	private static Map<String, List<Document>> dumpAll(String database) {
		Map<String, List<Document>> all = new LinkedHashMap<>();
		for (String collection : READ_MODELS) {
			all.put(collection, dump(database, collection));
		}
		all.putAll(TestViews.dump(database(database)));
		return all;
	}

	/**
	 * Every incident at its last sequence with nothing parked, every entry, fact and
	 * contract version there, and nothing else.
	 */
	private static long consoleCustomers(String database) {
		return dump(database, ReadModelCollections.COMPONENT_CUSTOMERS).stream()
			.filter((component) -> "console|us-east-1".equals(component.getString("_id")))
			.mapToLong((component) -> component.getList("customerIds", String.class).size())
			.sum();
	}

	private static boolean complete(String database) {
		List<Document> summaries = dump(database, TimelineStore.SUMMARIES);
		return summaries.size() == INCIDENTS
				&& summaries.stream()
					.allMatch((summary) -> summary.get("version", Number.class).longValue() == EVENTS_PER_INCIDENT - 1
							&& summary.get("parkedCount", Number.class).intValue() == 0)
				&& count(database, ParkedEvents.INCIDENTS) == 0 && count(database, ParkedEvents.CONTRACTS) == 0
				&& count(database, TimelineStore.ENTRIES) == INCIDENTS * EVENTS_PER_INCIDENT
				&& dump(database, ReadModelCollections.INCIDENT_IMPACT_FACTS).stream()
					.mapToInt((facts) -> facts.getList("facts", Document.class).size())
					.sum() == INCIDENTS * FACTS_PER_INCIDENT
				&& count(database, ContractProjector.VERSIONS) == CUSTOMERS * 2
				&& dump(database, ReadModelCollections.COMPONENT_INCIDENTS).stream()
					.flatMap((month) -> month.getList("incidentIds", String.class).stream())
					.distinct()
					.count() == INCIDENTS
				&& consoleCustomers(database) == CUSTOMERS / 2;
	}

	private static long count(String database, String collection) {
		return database(database).getCollection(collection).countDocuments();
	}

	private static Document control() {
		Document control = database(DATABASE).getCollection(RebuildControl.COLLECTION)
			.find(Filters.eq("_id", RebuildControl.ID))
			.first();
		return (control != null) ? control : new Document();
	}

	private static long generation() {
		Number generation = control().get("generation", Number.class);
		return (generation != null) ? generation.longValue() : 0;
	}

	private static String url(ConfigurableApplicationContext context, String path) {
		return "http://127.0.0.1:" + context.getEnvironment().getProperty("server.port") + path;
	}

	private static String adminToken() {
		return "Bearer " + TestInfrastructure.issuer().token("ops@nimbus.example", "ADMIN");
	}

	private static boolean rebuiltBoth(long generation, Instant after) {
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			ProjectorLoop.Status status = status(instance);
			if (status.rebuildGeneration() != generation || status.rebuilding() || status.rebuildCompletedAt() == null
					|| status.rebuildStartedAt() == null || status.rebuildStartedAt().isBefore(after)) {
				return false;
			}
		}
		return true;
	}

	/** Documents a rebuild must remove: only a drop of the read models does. */
	private static void leaveStrays() {
		database(DATABASE).getCollection(TimelineStore.SUMMARIES)
			.insertOne(new Document("_id", "INC-STRAY" + UUID.randomUUID()).append("version", 0));
		database(DATABASE).getCollection(ContractProjector.VERSIONS)
			.insertOne(new Document("_id", "stray:" + UUID.randomUUID()).append("sequence", 0));
		for (String view : TestViews.IMPACT_VIEWS) {
			database(DATABASE).getCollection(view).insertOne(new Document("_id", "stray-" + UUID.randomUUID()));
		}
	}

	@Test
	@Order(1)
	void twoInstancesSplitThePartitionsAndBuildWhatOneInstanceBuildsAlone() throws Exception {
		Awaitility.await().atMost(PATIENCE).until(() -> complete(DATABASE) && complete(ALONE_DATABASE));
		Duration projected = Duration.between(publishedAt, Instant.now());

		ProjectorLoop.Status one = status(first);
		ProjectorLoop.Status other = status(second);
		assertThat(one.partitions()).isNotEmpty().doesNotContainAnyElementsOf(other.partitions());
		assertThat(other.partitions()).isNotEmpty();
		Set<String> together = new HashSet<>(one.partitions());
		together.addAll(other.partitions());
		assertThat(together).isEqualTo(allPartitions());
		assertThat(status(alone).partitions()).containsExactlyInAnyOrderElementsOf(allPartitions());

		Map<String, Long> ends = endOffsets();
		int sent = INCIDENTS * EVENTS_PER_INCIDENT + INCIDENTS * EVENTS_PER_INCIDENT / 5 + CUSTOMERS * 3;
		assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(sent);
		assertThat(ends).allSatisfy((partition, end) -> assertThat(end).as(partition).isPositive());
		// each instance applied exactly the records of the partitions it holds (a poll's
		// count is added once its offsets are committed, a moment after its writes show)
		Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(status(first).recordsApplied()).isEqualTo(recordsIn(one.partitions(), ends));
			assertThat(status(second).recordsApplied()).isEqualTo(recordsIn(other.partitions(), ends));
			assertThat(status(alone).recordsApplied()).isEqualTo(sent);
		});
		log.info(
				"Published {} records; two instances ({} and {} records, partitions {} and {}) and one alone "
						+ "projected them all within {} ms",
				sent, one.recordsApplied(), other.recordsApplied(), one.partitions(), other.partitions(),
				projected.toMillis());

		Map<String, List<Document>> shared = dumpAll(DATABASE);
		Map<String, List<Document>> single = dumpAll(ALONE_DATABASE);
		assertThat(shared.get(TimelineStore.SUMMARIES)).hasSize(INCIDENTS);
		assertThat(shared.get(TimelineStore.ENTRIES)).hasSize(INCIDENTS * EVENTS_PER_INCIDENT);
		assertThat(shared.get(ReadModelCollections.INCIDENT_IMPACT_FACTS)).hasSize(INCIDENTS);
		assertThat(shared.get(ReadModelCollections.IMPACT_MONTHS)).singleElement()
			.satisfies((month) -> assertThat(month.getList("incidentIds", String.class)).hasSize(INCIDENTS));
		// every incident's window is on the console in us-east-1, which the amendment of
		// half the customers added, whichever was projected first
		assertThat(shared.get(ReadModelCollections.COMPONENT_INCIDENTS)).singleElement()
			.satisfies((month) -> assertThat(month.getList("incidentIds", String.class)).hasSize(INCIDENTS));
		assertThat(consoleCustomers(DATABASE)).isEqualTo(CUSTOMERS / 2);
		assertThat(shared.get(ContractProjector.VERSIONS)).hasSize(CUSTOMERS * 2);
		assertThat(shared.get(DeadLetters.COLLECTION)).isEmpty();
		assertThat(shared.keySet()).hasSize(READ_MODELS.size() + TestViews.IMPACT_VIEWS.size());
		shared
			.forEach((collection, documents) -> assertThat(documents).as(collection).isEqualTo(single.get(collection)));
		// two instances wrote the same day of the list buckets at once: the same rows and
		// exact counts as one alone (their revisions differ: other polls)
		Awaitility.await()
			.atMost(PATIENCE)
			.untilAsserted(() -> assertThat(BucketsView.logical(buckets(DATABASE)))
				.isEqualTo(BucketsView.logical(buckets(ALONE_DATABASE))));
		assertThat(BucketsView.assertExact(buckets(DATABASE)).get("RESOLVED")).isEqualTo(INCIDENTS);

		JsonNode projection = json.readTree(RestClient.create(url(second, "/admin/projection"))
			.get()
			.header("Authorization", adminToken())
			.retrieve()
			.body(String.class));
		List<String> reported = new ArrayList<>();
		projection.get("partitions").forEach((partition) -> reported.add(partition.asString()));
		assertThat(reported).isEqualTo(status(second).partitions());
		assertThat(projection.get("lag").propertyNames()).containsExactlyInAnyOrderElementsOf(reported);
	}

	@Test
	@Order(2)
	void aRebuildAskedOfOneInstanceIsCarriedOutByBoth() throws Exception {
		Awaitility.await().atMost(PATIENCE).until(() -> complete(DATABASE));
		Map<String, List<Document>> before = dumpAll(DATABASE);
		long appliedByFirst = status(first).recordsApplied();
		long appliedBySecond = status(second).recordsApplied();
		long generationBefore = generation();
		leaveStrays();
		Instant requestedAt = Instant.now();

		JsonNode accepted = json.readTree(RestClient.create(url(second, "/admin/rebuild"))
			.post()
			.header("Authorization", adminToken())
			.retrieve()
			.body(String.class));
		long generation = accepted.get("generation").asLong();
		assertThat(generation).isEqualTo(generationBefore + 1);

		Awaitility.await().atMost(PATIENCE).until(() -> rebuiltBoth(generation, requestedAt) && complete(DATABASE));
		log.info("Rebuild generation {} asked of one instance, carried out by both, in {} ms", generation,
				Duration.between(requestedAt, Instant.now()).toMillis());
		Map<String, List<Document>> after = dumpAll(DATABASE);
		before
			.forEach((collection, documents) -> assertThat(after.get(collection)).as(collection).isEqualTo(documents));
		// each instance replayed every partition it holds from the beginning
		Map<String, Long> ends = endOffsets();
		assertThat(status(first).recordsApplied() - appliedByFirst)
			.isGreaterThanOrEqualTo(recordsIn(status(first).partitions(), ends));
		assertThat(status(second).recordsApplied() - appliedBySecond)
			.isGreaterThanOrEqualTo(recordsIn(status(second).partitions(), ends));
		assertThat(control().get("pending", Document.class)).isEmpty();
		assertThat(status(first).lastError()).isNull();
		assertThat(status(second).lastError()).isNull();

		// every partition's committed offset says it was replayed for this generation
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get();
			assertThat(committed).hasSize(6);
			committed.forEach((partition, offset) -> {
				assertThat(offset.metadata()).as(partition.toString()).isEqualTo("rebuild-generation=" + generation);
				assertThat(offset.offset()).as(partition.toString()).isEqualTo(ends.get(partition.toString()));
			});
		}
	}

	@Test
	@Order(3)
	void aRebuildLeftUnfinishedByAnInstanceThatDiedIsFinishedByAnother() {
		Awaitility.await().atMost(PATIENCE).until(() -> complete(DATABASE));
		Map<String, List<Document>> before = dumpAll(DATABASE);
		long generationBefore = generation();
		Instant staged = Instant.now();
		// as an instance leaves it that recorded a request, dropped some read models
		// (here: none) and died before advancing the generation
		leaveStrays();
		database(DATABASE).getCollection(RebuildControl.COLLECTION)
			.updateOne(Filters.eq("_id", RebuildControl.ID),
					Updates.set("pending.died-" + RUN, Date.from(staged.minus(RebuildControl.LEASE).minusSeconds(1))));

		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> generation() == generationBefore + 1 && rebuiltBoth(generationBefore + 1, staged)
					&& complete(DATABASE));
		log.info("An abandoned rebuild request finished by another instance and carried out by both in {} ms",
				Duration.between(staged, Instant.now()).toMillis());
		assertThat(control().get("pending", Document.class)).isEmpty();
		Map<String, List<Document>> after = dumpAll(DATABASE);
		before
			.forEach((collection, documents) -> assertThat(after.get(collection)).as(collection).isEqualTo(documents));
	}

}
