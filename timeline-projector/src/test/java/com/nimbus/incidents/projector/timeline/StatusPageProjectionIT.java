package com.nimbus.incidents.projector.timeline;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.status.StatusPageProjector;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.status.StatusPageCodec;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The status page document as the projector keeps it, against the store: what it adds to
 * a poll with a busy quarter in the document, and the backfill of read models written
 * before it existed, which gives the document the polls gave.
 */
class StatusPageProjectionIT {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int RESOLVED = 150;

	private static final int OPEN = 15;

	private static MongoClient client;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(TestInfrastructure.mongo().connectionString());
	}

	@AfterAll
	static void close() {
		client.close();
	}

	private static MongoTemplate store(String database) {
		MongoTemplate mongo = new MongoTemplate(client, database);
		mongo.getDb().drop();
		return mongo;
	}

	private static StatusPageProjector statusPage(MongoTemplate mongo, SimpleMeterRegistry meters) {
		return new StatusPageProjector(mongo, new TimelinePublicUpdates(mongo, new EnvelopeDecoder(JSON)), CLOCK,
				meters);
	}

	private static TimelineProjector projector(MongoTemplate mongo, StatusPageProjector statusPage) {
		ConsumerProperties properties = new ConsumerProperties("unused:9092", "incident-events", "contract-events",
				"group", 1000, 1 << 20, 8 << 20, 16 << 20);
		return new TimelineProjector(new EnvelopeDecoder(JSON),
				new TimelineStore(mongo, new EnvelopeDecoder(JSON), CLOCK), statusPage,
				new com.nimbus.incidents.projector.status.StatusFeedProjector(mongo),
				new com.nimbus.incidents.projector.catalog.CatalogProjector(mongo), properties, mock(DeadLetters.class),
				new ParallelWrites(), new SimpleMeterRegistry());
	}

	/**
	 * A busy quarter: 150 incidents resolved over the last 90 days and 15 open, each with
	 * an impact window and public updates, each in polls of its own.
	 */
	private static List<List<ConsumerRecord<String, byte[]>>> quarter() {
		List<List<ConsumerRecord<String, byte[]>>> polls = new ArrayList<>();
		for (int n = 0; n < RESOLVED + OPEN; n++) {
			boolean open = n >= RESOLVED;
			Instant start = open ? NOW.minus(Duration.ofHours(n - RESOLVED + 1))
					: NOW.minus(Duration.ofMinutes(830L * (RESOLVED - n)));
			String id = "INC-Q%04d".formatted(n);
			List<IncidentEvent> events = new ArrayList<>(List.of(
					new IncidentDeclared("SECRET-title " + n, Severity.SEV2, null, DetectionSource.MONITORING, null,
							List.of("svc-" + (n % 5)), List.of("region-" + (n % 3))),
					new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "We are investigating errors on svc-" + (n % 5),
							true, "Errors on svc-" + (n % 5)),
					new ImpactReported("imp", "svc-" + (n % 5), "region-" + (n % 3), ImpactLevel.PARTIAL_OUTAGE,
							new BigDecimal("0.2"), start, open ? null : start.plus(Duration.ofMinutes(45)), null, null),
					new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "We have found the cause and are rolling back",
							true)));
			if (!open) {
				events.add(new IncidentResolved("done"));
			}
			List<EventEnvelope> log = log(id, start, events);
			// declaration and first update, then the rest: the impact comes in a later
			// poll
			polls.add(records(log.subList(0, 2)));
			polls.add(records(log.subList(2, log.size())));
		}
		return polls;
	}

	@Test
	void theDocumentAddsLittleToAPollAndOnlyToPollsThatChangeSomethingPublic() {
		MongoTemplate mongo = store("status_page_cost");
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		TimelineProjector projector = projector(mongo, statusPage(mongo, meters));
		quarter().forEach(projector::handle);
		assertThat(document(mongo).incidents()).hasSize(RESOLVED + OPEN);

		int polls = 400;
		long[] publicPolls = new long[polls / 4];
		long[] otherPolls = new long[polls - polls / 4];
		long statusBefore = meters.get("projector.status_page").timer().count();
		double statusNanosBefore = meters.get("projector.status_page")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS);
		for (int poll = 0; poll < polls; poll++) {
			String id = "INC-Q%04d".formatted(RESOLVED + poll % OPEN);
			long sequence = 4 + poll / OPEN;
			IncidentEvent event = (poll % 4 == 0)
					? new StatusUpdatePosted(UpdateStatus.MONITORING, "Still watching (" + poll + ")", true)
					: new NoteAdded("SECRET-note " + poll);
			List<ConsumerRecord<String, byte[]>> records = records(List.of(EventEnvelope.of(id + "-" + sequence, id,
					sequence, NOW.plusSeconds(poll), NOW.plusSeconds(poll), "dana@nimbus.example", event)));
			long start = System.nanoTime();
			projector.handle(records);
			long took = System.nanoTime() - start;
			if (poll % 4 == 0) {
				publicPolls[poll / 4] = took;
			}
			else {
				otherPolls[poll - poll / 4 - 1] = took;
			}
		}
		long statusWrites = meters.get("projector.status_page").timer().count() - statusBefore;
		double statusMillis = (meters.get("projector.status_page")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) - statusNanosBefore) / statusWrites / 1e6;
		int bytes = StatusPageCodec.toDocument(document(mongo)).toJson().length();
		System.out.printf(
				"Status page cost: document of %d incidents (%d bytes as JSON); %d polls: with a public update p50 %.1f ms "
						+ "(of which the document %.1f ms on average), without p50 %.1f ms; %d document writes%n",
				RESOLVED + OPEN, bytes, polls, median(publicPolls), statusMillis, median(otherPolls), statusWrites);
		assertThat(statusWrites).isEqualTo(polls / 4);
		assertThat(document(mongo).incidents()).hasSize(RESOLVED + OPEN);
		assertThat(StatusPageCodec.toDocument(document(mongo)).toJson()).doesNotContain("SECRET");
		// what a poll adds is bounded by the document's size (165 incidents, 90 days: 124
		// KB as JSON), not by history; how long it takes is measured by ./platform bench
		// (projection lag, lagAlone.*), not here: a wall-clock bound failed on a slow,
		// shared machine (p50 55 ms against 50)
		assertThat(bytes).isLessThan(160 * 1024);
	}

	@Test
	void readModelsOfAnEarlierVersionGetTheDocumentThePollsGive() {
		MongoTemplate mongo = store("status_page_backfill");
		StatusPageProjector statusPage = statusPage(mongo, new SimpleMeterRegistry());
		TimelineProjector projector = projector(mongo, statusPage);
		quarter().forEach(projector::handle);
		StatusPageDocument projected = document(mongo);
		mongo.getCollection(ReadModelCollections.STATUS_PAGE).drop();

		new StatusPageBackfill(mongo, statusPage).run();

		assertThat(document(mongo).incidents()).isEqualTo(projected.incidents());
		StatusPageDocument backfilled = document(mongo);
		new StatusPageBackfill(mongo, statusPage).run();
		assertThat(document(mongo)).as("a second start finds the document and leaves it").isEqualTo(backfilled);
	}

	@Test
	void aBackfillOfReadModelsThatShowNothingStillLeavesADocument() {
		MongoTemplate mongo = store("status_page_backfill_empty");
		StatusPageProjector statusPage = statusPage(mongo, new SimpleMeterRegistry());
		projector(mongo, statusPage)
			.handle(records(log("INC-QUIET", NOW.minusSeconds(600), List.of(new IncidentDeclared("quiet", Severity.SEV3,
					null, DetectionSource.MONITORING, null, List.of("dns"), List.of("eu-west-1"))))));
		assertThat(mongo.getCollection(ReadModelCollections.STATUS_PAGE).countDocuments()).isZero();

		new StatusPageBackfill(mongo, statusPage).run();

		assertThat(document(mongo).version()).isEqualTo(1);
		assertThat(document(mongo).incidents()).isEmpty();
	}

	private static StatusPageDocument document(MongoTemplate mongo) {
		return StatusPageCodec.fromDocument(
				mongo.getCollection(ReadModelCollections.STATUS_PAGE).find(new Document("_id", "public")).first());
	}

	private static double median(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2] / 1e6;
	}

	private static List<EventEnvelope> log(String id, Instant start, List<IncidentEvent> events) {
		List<EventEnvelope> log = new ArrayList<>();
		for (IncidentEvent event : events) {
			Instant at = start.plusSeconds(60L * log.size());
			log.add(EventEnvelope.of(id + "-" + log.size(), id, log.size(), at, at, "dana@nimbus.example", event));
		}
		return log;
	}

	private static List<ConsumerRecord<String, byte[]>> records(List<EventEnvelope> envelopes) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (EventEnvelope envelope : envelopes) {
			records.add(new ConsumerRecord<>("incident-events", 0, records.size(), envelope.incidentId(),
					JSON.writeValueAsBytes(envelope)));
		}
		return records;
	}

}
