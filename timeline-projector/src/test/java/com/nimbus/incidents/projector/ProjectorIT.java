package com.nimbus.incidents.projector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.model.Sorts;
import java.math.BigDecimal;
import java.time.Instant;

import com.nimbus.incidents.events.ContractAmended;
import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractRegistered;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.projector.contract.ContractProjector;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.projector.timeline.TestLog;
import com.nimbus.incidents.projector.timeline.BucketsView;
import com.nimbus.incidents.projector.timeline.TestViews;
import com.nimbus.incidents.projector.timeline.TimelineStore;
import com.nimbus.incidents.readmodel.IncidentSummaryDocument;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelIndex;
import com.nimbus.incidents.readmodel.ReadModelIndexes;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector against a real broker and store: duplicates and out-of-order deliveries
 * come out as the in-order fold, and a rebuild from the beginning of the topic gives the
 * very same read models.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectorIT {

	private static final String GROUP = "projector-it-" + UUID.randomUUID();

	private static final String DATABASE = "projector_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String TOPIC = "incident-events-projector-it-" + UUID.randomUUID();

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	JsonMapper json;

	@Autowired
	ProjectorLoop loop;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("kafka.group-id", () -> GROUP);
	}

	@BeforeAll
	static void createTopic() throws Exception {
		try (var admin = org.apache.kafka.clients.admin.Admin
			.create(Map.of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()))) {
			admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 3, (short) 1),
					new org.apache.kafka.clients.admin.NewTopic(TOPIC + "-contracts", 3, (short) 1)))
				.all()
				.get();
		}
	}

	private void publish(List<EventEnvelope> envelopes) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			for (EventEnvelope envelope : envelopes) {
				producer
					.send(new ProducerRecord<>(TOPIC, envelope.incidentId(), this.json.writeValueAsString(envelope)))
					.get();
			}
		}
	}

	private static ServiceTerms storage(String fee) {
		return new ServiceTerms("object-storage", List.of("us-east-1"), new Money(new BigDecimal(fee), "USD"),
				new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null,
						List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN))));
	}

	private static ContractEnvelope contract(long sequence, com.nimbus.incidents.events.ContractEvent event) {
		return ContractEnvelope.of("contract-event-" + sequence, "acme", sequence, event.terms().effectiveFrom(),
				Instant.parse("2021-12-20T00:00:00Z").plusSeconds(sequence), "finance@nimbus.example", event);
	}

	private void publishContracts(List<ContractEnvelope> envelopes) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			for (ContractEnvelope envelope : envelopes) {
				producer
					.send(new ProducerRecord<>(TOPIC + "-contracts", envelope.customerId(),
							this.json.writeValueAsString(envelope)))
					.get();
			}
		}
	}

	private long version(String incidentId) {
		Document summary = this.mongo.getCollection(TimelineStore.SUMMARIES)
			.find(new Document("_id", incidentId))
			.first();
		return (summary != null) ? summary.get("version", Number.class).longValue() : -1;
	}

	private com.mongodb.client.MongoCollection<Document> buckets() {
		return this.mongo.getCollection(TimelineStore.LIST_BUCKETS);
	}

	private List<Document> dump(String collection) {
		return this.mongo.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
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
	void duplicatesAndOutOfOrderDeliveriesComeOutAsTheInOrderFoldAndARebuildIsIdentical() throws Exception {
		List<EventEnvelope> inOrder = TestLog.incident("INC-INORDER0001");
		List<EventEnvelope> repeated = TestLog.incident("INC-REPEATED001");
		List<EventEnvelope> shuffled = TestLog.incident("INC-SHUFFLED001");
		List<EventEnvelope> sent = new ArrayList<>(inOrder);
		sent.addAll(repeated);
		sent.addAll(repeated);
		sent.addAll(List.of(shuffled.get(0), shuffled.get(3), shuffled.get(2), shuffled.get(7), shuffled.get(1),
				shuffled.get(5), shuffled.get(4), shuffled.get(3), shuffled.get(6)));
		publish(sent);
		ContractEnvelope registered = contract(0, new ContractRegistered("Acme Retail", 120000,
				Instant.parse("2021-01-01T00:00:00Z"), List.of(storage("12000.00"))));
		ContractEnvelope amended = contract(1, new ContractAmended("Acme Retail", 125000,
				Instant.parse("2022-01-01T00:00:00Z"), List.of(storage("13000.00"))));
		publishContracts(List.of(amended, registered, amended));

		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> version("INC-INORDER0001") == 7 && version("INC-REPEATED001") == 7
					&& version("INC-SHUFFLED001") == 7);

		for (List<EventEnvelope> log : List.of(inOrder, repeated, shuffled)) {
			String id = log.get(0).incidentId();
			Document summary = this.mongo.getCollection(TimelineStore.SUMMARIES).find(new Document("_id", id)).first();
			IncidentState projected = IncidentSummaryDocument.state(summary);
			assertThat(projected).isEqualTo(IncidentFold.fold(id, log));
			assertThat(summary.get(IncidentSummaryDocument.PARKED_COUNT, Number.class).intValue()).isZero();
			assertThat(this.mongo.getCollection(TimelineStore.ENTRIES).countDocuments(new Document("incidentId", id)))
				.isEqualTo(8);
		}
		Awaitility.await().atMost(PATIENCE).until(() -> dump(ContractProjector.VERSIONS).size() == 2);
		// one day of the list buckets holds the three, resolved; its month, year and the
		// root count them exactly, however often and in whatever order they came
		Awaitility.await()
			.atMost(PATIENCE)
			.untilAsserted(() -> assertThat(BucketsView.assertExact(buckets())).isEqualTo(Map.of("RESOLVED", 3L,
					"RESOLVED|severity:SEV1", 3L, "RESOLVED|service:console", 3L, "RESOLVED|region:us-east-1", 3L,
					"RESOLVED|severity:SEV1|service:console", 3L, "RESOLVED|severity:SEV1|region:us-east-1", 3L,
					"RESOLVED|service:console|region:us-east-1", 3L)));
		assertThat(BucketsView.rowIds(buckets())).containsExactlyInAnyOrder("INC-INORDER0001", "INC-REPEATED001",
				"INC-SHUFFLED001");
		Map<String, Document> buckets = BucketsView.logical(buckets());
		List<Document> summaries = dump(TimelineStore.SUMMARIES);
		List<Document> entries = dump(TimelineStore.ENTRIES);
		List<Document> facts = dump(ReadModelCollections.INCIDENT_IMPACT_FACTS);
		Map<String, List<Document>> views = TestViews.dump(this.mongo.getDb());
		List<Document> contracts = dump(ContractProjector.VERSIONS);
		assertThat(summaries).hasSize(3);
		assertThat(entries).hasSize(24);
		// per incident: the report, the correction and the end of console-use1
		assertThat(facts).hasSize(3)
			.allSatisfy((incident) -> assertThat(incident.getList("facts", Document.class))
				.extracting((fact) -> fact.getLong("sequence"))
				.containsExactly(1L, 5L, 6L));
		assertThat(contracts).extracting((version) -> version.getString("_id"))
			.containsExactly("acme:0000000000", "acme:0000000001");
		assertThat(contracts.get(1).get("terms", Document.class).getLong("activeUsers")).isEqualTo(125000);

		RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/admin/rebuild")
			.header("Authorization", "Bearer " + TestInfrastructure.issuer().token("ops@nimbus.example", "ADMIN"))
			.retrieve()
			.toBodilessEntity();
		Awaitility.await().atMost(PATIENCE).until(() -> this.loop.status().rebuildCompletedAt() != null);
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> version("INC-INORDER0001") == 7 && version("INC-REPEATED001") == 7
					&& version("INC-SHUFFLED001") == 7);

		Awaitility.await().atMost(PATIENCE).until(() -> dump(ContractProjector.VERSIONS).size() == 2);
		assertThat(dump(TimelineStore.SUMMARIES)).isEqualTo(summaries);
		assertThat(dump(TimelineStore.ENTRIES)).isEqualTo(entries);
		assertThat(dump(ReadModelCollections.INCIDENT_IMPACT_FACTS)).isEqualTo(facts);
		assertThat(TestViews.dump(this.mongo.getDb())).isEqualTo(views);
		// the list's indexes, dropped with the list, are there again
		assertThat(this.mongo.getCollection(TimelineStore.LIST)
			.listIndexes()
			.map((index) -> index.getString("name"))
			.into(new ArrayList<>()))
			.containsAll(ReadModelIndexes.byCollection()
				.get(TimelineStore.LIST)
				.stream()
				.map(ReadModelIndex::name)
				.toList());
		assertThat(dump(ContractProjector.VERSIONS)).isEqualTo(contracts);
		assertThat(dump(ParkedEvents.INCIDENTS)).isEmpty();
		assertThat(dump(ParkedEvents.CONTRACTS)).isEmpty();
		Awaitility.await()
			.atMost(PATIENCE)
			.untilAsserted(() -> assertThat(BucketsView.logical(buckets())).isEqualTo(buckets));
		assertThat(this.loop.status().lastError()).isNull();
	}

}
