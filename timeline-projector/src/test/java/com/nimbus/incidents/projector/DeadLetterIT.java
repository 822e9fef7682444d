package com.nimbus.incidents.projector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.timeline.TestLog;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.timeline.TimelineStore;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import com.nimbus.incidents.testinfra.TopicReader;
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
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unreadable record goes to the dead letters with its reason; only its own incident
 * waits, the others keep flowing; an administrator sees it and can retry it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterIT {

	private static final String TOPIC = "incident-events-dlt-it-" + UUID.randomUUID();

	private static final String DATABASE = "dead_letter_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	JsonMapper json;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("kafka.group-id", () -> "dead-letter-it-" + DATABASE);
		registry.add("projector.gap-alert-after", () -> "1s");
		registry.add("projector.gap-refresh", () -> "200ms");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeAll
	static void createTopics() throws Exception {
		try (var admin = org.apache.kafka.clients.admin.Admin
			.create(Map.of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()))) {
			admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 3, (short) 1),
					// no TOPIC.dlt: the projector creates it with its first dead letter
					new org.apache.kafka.clients.admin.NewTopic(TOPIC + "-contracts", 1, (short) 1)))
				.all()
				.get();
		}
	}

	private long version(String incidentId) {
		Document summary = this.mongo.getCollection(TimelineStore.SUMMARIES)
			.find(new Document("_id", incidentId))
			.first();
		return (summary != null) ? summary.get("version", Number.class).longValue() : -1;
	}

	private ResponseEntity<String> admin(String method, String path, String role) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build()
			.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.header("Authorization", "Bearer " + TestInfrastructure.issuer().token("ops@nimbus.example", role))
			.retrieve()
			.toEntity(String.class);
	}

	@Test
	void anUnreadableRecordIsSetAsideAndOnlyItsIncidentWaits() throws Exception {
		List<EventEnvelope> stuck = TestLog.incident("INC-STUCK00001");
		List<EventEnvelope> flowing = TestLog.incident("INC-FLOWING001");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			producer.send(new ProducerRecord<>(TOPIC, "INC-STUCK00001", this.json.writeValueAsString(stuck.get(0))))
				.get();
			String unknownType = this.json.writeValueAsString(stuck.get(1))
				.replace("\"ImpactReported\"", "\"ImpactForecast\"");
			producer.send(new ProducerRecord<>(TOPIC, "INC-STUCK00001", unknownType)).get();
			producer.send(new ProducerRecord<>(TOPIC, "INC-STUCK00001", "{not json")).get();
			for (EventEnvelope event : stuck.subList(2, stuck.size())) {
				producer.send(new ProducerRecord<>(TOPIC, event.incidentId(), this.json.writeValueAsString(event)))
					.get();
			}
			for (EventEnvelope event : flowing) {
				producer.send(new ProducerRecord<>(TOPIC, event.incidentId(), this.json.writeValueAsString(event)))
					.get();
			}
		}

		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> version("INC-FLOWING001") == 7
					&& this.mongo.getCollection(DeadLetters.COLLECTION).countDocuments() == 2);
		Awaitility.await().atMost(PATIENCE).until(() -> version("INC-STUCK00001") == 0);
		Document stuckSummary = this.mongo.getCollection(TimelineStore.SUMMARIES)
			.find(new Document("_id", "INC-STUCK00001"))
			.first();
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> this.mongo.getCollection(TimelineStore.SUMMARIES)
				.find(new Document("_id", "INC-STUCK00001"))
				.first()
				.get("parkedCount", Number.class)
				.intValue() == 6
					&& this.mongo.getCollection(ParkedEvents.INCIDENTS)
						.countDocuments(new Document("aggregateId", "INC-STUCK00001")) == 6);
		assertThat(stuckSummary.get("version", Number.class).longValue()).isZero();

		// the gap the dead letters left, past projector.gap-alert-after: health names it
		Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
			ResponseEntity<String> health = admin("GET", "/actuator/health", "ADMIN");
			JsonNode gaps = this.json.readTree(health.getBody()).get("components").get("projectionGaps");
			assertThat(this.json.readTree(health.getBody()).get("status").asString()).isEqualTo("OUT_OF_SERVICE");
			assertThat(gaps.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
			JsonNode gap = gaps.get("details").get("gaps").get(0);
			assertThat(gap.get("incidentId").asString()).isEqualTo("INC-STUCK00001");
			assertThat(gap.get("missingSequence").asLong()).isEqualTo(1);
			assertThat(gap.get("eventsWaiting").asInt()).isEqualTo(6);
		});

		ResponseEntity<String> listed = admin("GET", "/admin/dead-letters", "ADMIN");
		assertThat(listed.getStatusCode().value()).isEqualTo(200);
		JsonNode letters = this.json.readTree(listed.getBody());
		assertThat(letters).hasSize(2);
		List<String> reasons = new ArrayList<>();
		letters.forEach((letter) -> {
			assertThat(letter.get("key").asString()).isEqualTo("INC-STUCK00001");
			reasons.add(letter.get("reason").asString());
		});
		assertThat(reasons)
			.anySatisfy((reason) -> assertThat(reason).contains("unknown IncidentEvent type 'ImpactForecast'"))
			.anySatisfy((reason) -> assertThat(reason).contains("not a readable envelope"));

		try (TopicReader reader = new TopicReader(TestInfrastructure.kafka().bootstrapServers(), TOPIC + ".dlt")) {
			List<TopicReader.Read> dead = reader.readUntil((read) -> read.size() >= 2, PATIENCE);
			assertThat(dead).allSatisfy((record) -> {
				assertThat(record.key()).isEqualTo("INC-STUCK00001");
				assertThat(record.headers()).containsKeys("reason", "sourceTopic", "sourcePartition", "sourceOffset");
			});
		}

		String id = letters.get(0).get("id").asString();
		ResponseEntity<String> retried = admin("POST", "/admin/dead-letters/" + id + "/retry", "ADMIN");
		assertThat(retried.getStatusCode().value()).isEqualTo(409);
		assertThat(this.json.readTree(retried.getBody()).get("type").asString()).endsWith("/still-unreadable");
		assertThat(admin("GET", "/admin/dead-letters", "VIEWER").getStatusCode().value()).isEqualTo(403);
		assertThat(admin("POST", "/admin/dead-letters/" + id + "/retry", "RESPONDER").getStatusCode().value())
			.isEqualTo(403);
		assertThat(this.mongo.getCollection(DeadLetters.COLLECTION).countDocuments()).isEqualTo(2);

		// every administrator's read is audited, as its actions are
		assertThat(admin("GET", "/admin/projection", "ADMIN").getStatusCode().value()).isEqualTo(200);
		List<Document> reads = this.mongo.getCollection("audit_log")
			.find(new Document("outcome", "ADMIN_READ"))
			.into(new ArrayList<>());
		assertThat(reads).extracting((entry) -> entry.getString("method") + " " + entry.getString("path"))
			.containsExactly("GET /admin/dead-letters", "GET /admin/projection");
		assertThat(reads).allSatisfy((entry) -> {
			assertThat(entry.getString("principal")).isEqualTo("ops@nimbus.example");
			assertThat(entry.getList("roles", String.class)).containsExactly("ADMIN");
			assertThat(entry.getString("service")).isNotBlank();
		});
		assertThat(this.mongo.getCollection("audit_log").countDocuments(new Document("outcome", "ADMIN_ACTION")))
			.isEqualTo(1);
	}

}
