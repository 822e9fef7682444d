package com.nimbus.incidents.projector.status;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.projector.timeline.TimelineStore;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.status.StatusFeedCodec;
import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;
import com.nimbus.incidents.readmodel.status.StatusPageCodec;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page document, projected from events through the real broker into the real
 * store: it holds the public parts of incidents only, keeps the public updates an
 * incident posted before its impact was reported, keeps a resolved incident as history,
 * comes out the same from a rebuild, and drops an incident 90 days after its resolution.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusPageProjectorIT {

	private static final String GROUP = "status-page-it-" + UUID.randomUUID();

	private static final String DATABASE = "status_page_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String TOPIC = "incident-events-status-page-it-" + UUID.randomUUID();

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final ShiftedClock CLOCK = new ShiftedClock();

	private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	JsonMapper json;

	@Autowired
	ProjectorLoop loop;

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		Clock shiftedClock() {
			return CLOCK;
		}

	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("kafka.group-id", () -> GROUP);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeAll
	static void createTopics() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()))) {
			admin
				.createTopics(
						List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(TOPIC + "-contracts", 3, (short) 1)))
				.all()
				.get();
		}
	}

	@Test
	void theDocumentHoldsThePublicPartsKeepsHistoryAndDropsItNinetyDaysAfterResolution() throws Exception {
		Log open = new Log("INC-STATUS-OPEN", T0.minus(Duration.ofHours(2)));
		open.add(new IncidentDeclared("SECRET-internal-title", Severity.SEV1, "SECRET-summary",
				DetectionSource.MONITORING, null, List.of("dns"), List.of("us-east-1")));
		open.add(new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "We are looking into DNS failures", true,
				"DNS resolution failures"));
		open.add(new NoteAdded("SECRET-note"));
		open.add(new ResponderAssigned("secret.responder@nimbus.example", ResponderRole.COMMANDER));
		publish(open.all());
		// the impact comes in a later poll: the public update posted before it is read
		// back from the timeline
		Awaitility.await().atMost(PATIENCE).until(() -> version(open.incidentId) == 3);
		open.add(new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "SECRET-internal-update", false));
		open.add(new ImpactReported("dns-use1", "dns", "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.4"),
				T0.minus(Duration.ofMinutes(115)), null, null, List.of("SECRET-customer")));
		Log resolved = new Log("INC-STATUS-RESOLVED", T0.minus(Duration.ofHours(5)));
		resolved.add(new IncidentDeclared("SECRET-other-title", Severity.SEV2, null, DetectionSource.CUSTOMER_REPORT,
				null, List.of("object-storage"), List.of("eu-west-1"), "Slow object storage"));
		resolved.add(new ImpactReported("s3-euw1", "object-storage", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE, null,
				T0.minus(Duration.ofHours(5)), null, null, List.of("SECRET-customer")));
		resolved.add(new StatusUpdatePosted(UpdateStatus.MONITORING, "A fix is rolling out", true));
		resolved.add(new ImpactEnded("s3-euw1", T0.minus(Duration.ofHours(4))));
		resolved.add(new IncidentResolved("SECRET-resolution"));
		List<EventEnvelope> rest = new ArrayList<>(open.all().subList(4, 6));
		rest.addAll(resolved.all());
		publish(rest);

		// the document is written before the summaries
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> version(open.incidentId) == 5 && version(resolved.incidentId) == 4);
		StatusPageDocument projected = document();
		assertThat(projected.incidents()).hasSize(2);
		StatusPageIncident shown = entry(projected, open.incidentId);
		assertThat(shown.status()).isEqualTo(IncidentStatus.OPEN);
		assertThat(shown.publicTitle()).isEqualTo("DNS resolution failures");
		assertThat(shown.version()).isEqualTo(5);
		assertThat(shown.windows()).containsExactly(new StatusPageWindow("dns", "us-east-1", ImpactLevel.MAJOR_OUTAGE,
				T0.minus(Duration.ofMinutes(115)), null));
		assertThat(shown.updates()).containsExactly(
				new StatusPageUpdate(UpdateStatus.INVESTIGATING, "We are looking into DNS failures", open.at(1), 1));
		StatusPageIncident history = entry(projected, resolved.incidentId);
		assertThat(history.status()).isEqualTo(IncidentStatus.RESOLVED);
		assertThat(history.resolvedAt()).isEqualTo(resolved.at(4));
		assertThat(history.publicTitle()).isEqualTo("Slow object storage");
		assertThat(history.windows().get(0).endedAt()).isEqualTo(T0.minus(Duration.ofHours(4)));
		assertThat(history.updates()).extracting(StatusPageUpdate::message).containsExactly("A fix is rolling out");
		String stored = stored().toJson();
		assertThat(stored().getString("epoch")).as("the epoch of the first write, kept by the later ones").isNotBlank();
		assertThat(stored().get("version", Number.class).longValue()).isGreaterThan(1);
		assertThat(stored).doesNotContain("SECRET").doesNotContain("secret.responder").doesNotContain("dana@");
		// the feed, written in the same polls: public updates and impact changes only
		StatusFeedDocument feed = feed();
		assertThat(feed.entries()).extracting(StatusFeedEntry::eventId)
			.containsExactlyInAnyOrder(open.incidentId + "-1", open.incidentId + "-5", resolved.incidentId + "-1",
					resolved.incidentId + "-2", resolved.incidentId + "-3");
		assertThat(feed.entries()).isSortedAccordingTo(StatusFeedEntry.NEWEST_FIRST);
		assertThat(feedStored().toJson()).doesNotContain("SECRET").doesNotContain("dana@");

		rebuild();
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> version(open.incidentId) == 5 && version(resolved.incidentId) == 4
					&& document().incidents().equals(projected.incidents()) && feed().entries().equals(feed.entries()));
		assertThat(feedStored().getString("epoch")).as("a rebuilt feed is a new epoch")
			.isNotEqualTo(feed.epoch())
			.isNotBlank();

		CLOCK.shift(Duration.ofDays(91));
		Log later = new Log("INC-STATUS-LATER", T0.plus(Duration.ofDays(91)));
		later.add(new IncidentDeclared("SECRET-later", Severity.SEV3, null, DetectionSource.MONITORING, null,
				List.of("dns"), List.of("eu-west-1")));
		later.add(new ImpactReported("dns-euw1", "dns", "eu-west-1", ImpactLevel.DEGRADED_PERFORMANCE, null,
				T0.plus(Duration.ofDays(91)), null, null, null));
		publish(later.all());

		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> document().incidents()
				.stream()
				.map(StatusPageIncident::incidentId)
				.toList()
				.equals(List.of(open.incidentId, later.incidentId)));
		assertThat(this.loop.status().lastError()).isNull();
	}

	private void rebuild() {
		RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/admin/rebuild")
			.header("Authorization", "Bearer " + TestInfrastructure.issuer().token("ops@nimbus.example", "ADMIN"))
			.retrieve()
			.toBodilessEntity();
		Awaitility.await().atMost(PATIENCE).until(() -> this.loop.status().rebuildCompletedAt() != null);
	}

	private static StatusPageIncident entry(StatusPageDocument document, String incidentId) {
		return document.incidents()
			.stream()
			.filter((incident) -> incident.incidentId().equals(incidentId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + incidentId + " in " + document));
	}

	private Document stored() {
		return this.mongo.getCollection(ReadModelCollections.STATUS_PAGE).find(new Document("_id", "public")).first();
	}

	private Document feedStored() {
		return this.mongo.getCollection(ReadModelCollections.STATUS_FEED).find(new Document("_id", "public")).first();
	}

	private StatusFeedDocument feed() {
		return StatusFeedCodec.fromDocument(feedStored());
	}

	private StatusPageDocument document() {
		return StatusPageCodec.fromDocument(stored());
	}

	private long version(String incidentId) {
		Document summary = this.mongo.getCollection(TimelineStore.SUMMARIES)
			.find(new Document("_id", incidentId))
			.first();
		return (summary != null) ? summary.get("version", Number.class).longValue() : -1;
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

	/**
	 * An incident's events, a minute apart from a start.
	 */
	private static final class Log {

		final String incidentId;

		private final Instant start;

		private final List<EventEnvelope> events = new ArrayList<>();

		Log(String incidentId, Instant start) {
			this.incidentId = incidentId;
			this.start = start;
		}

		void add(IncidentEvent payload) {
			Instant at = at(this.events.size());
			this.events.add(EventEnvelope.of(this.incidentId + "-" + this.events.size(), this.incidentId,
					this.events.size(), at, at.plusSeconds(5), "dana@nimbus.example", payload));
		}

		Instant at(int sequence) {
			return this.start.plus(Duration.ofMinutes(sequence));
		}

		List<EventEnvelope> all() {
			return List.copyOf(this.events);
		}

	}

	/**
	 * The system clock, moved forward by the test.
	 */
	static final class ShiftedClock extends Clock {

		private volatile Duration shift = Duration.ZERO;

		void shift(Duration by) {
			this.shift = this.shift.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.shift);
		}

	}

}
