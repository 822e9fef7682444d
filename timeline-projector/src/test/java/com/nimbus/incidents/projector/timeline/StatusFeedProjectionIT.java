package com.nimbus.incidents.projector.timeline;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.status.StatusFeedCodec;
import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry.Kind;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status feed document as the projector keeps it in the store, poll by poll: which
 * events enter it, its bound, its epoch, and a rebuild that gives the same entries.
 */
class StatusFeedProjectionIT {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

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

	private static List<EventEnvelope> incident(String id, int minute) {
		List<EventEnvelope> log = new ArrayList<>();
		log.add(TestProjectors.event(id, 0, at(minute, 0), new IncidentDeclared("SECRET-title " + id, Severity.SEV2,
				"SECRET-summary", DetectionSource.MONITORING, null, List.of("checkout"), List.of("eu-west-1"))));
		log.add(TestProjectors.event(id, 1, at(minute, 1), new StatusUpdatePosted(UpdateStatus.INVESTIGATING,
				"Checkout is failing for some " + id, true, "Checkout errors " + id)));
		log.add(TestProjectors.event(id, 2, at(minute, 2),
				new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "SECRET-internal update", false)));
		log.add(TestProjectors.event(id, 3, at(minute, 3), new NoteAdded("SECRET-note")));
		log.add(TestProjectors.event(id, 4, at(minute, 4),
				new ImpactReported("imp", "checkout", "eu-west-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
						Instant.parse(at(minute, 0)), null, null, List.of("SECRET-customer"))));
		log.add(TestProjectors.event(id, 5, at(minute, 5), new ImpactEnded("imp", Instant.parse(at(minute, 5)))));
		return log;
	}

	private static String at(int minute, int second) {
		return Instant.parse("2026-11-30T09:00:00Z").plusSeconds(60L * minute + second).toString();
	}

	private static StatusFeedDocument feed(MongoTemplate mongo) {
		return StatusFeedCodec.fromDocument(stored(mongo));
	}

	private static Document stored(MongoTemplate mongo) {
		return mongo.getCollection(ReadModelCollections.STATUS_FEED).find(new Document("_id", "public")).first();
	}

	@Test
	void publicUpdatesAndImpactChangesEnterNewestFirstAndNothingInternal() {
		MongoTemplate mongo = store("status_feed_entries");
		TimelineProjector projector = TestProjectors.timeline(mongo, CLOCK);
		List<EventEnvelope> log = incident("INC-F1", 0);

		projector.handle(TestProjectors.records(log.subList(0, 3).toArray(EventEnvelope[]::new)));
		String epoch = stored(mongo).getString("epoch");
		projector.handle(TestProjectors.records(log.subList(3, 6).toArray(EventEnvelope[]::new)));

		StatusFeedDocument feed = feed(mongo);
		assertThat(feed.entries()).extracting(StatusFeedEntry::eventId)
			.containsExactly("INC-F1-5", "INC-F1-4", "INC-F1-1");
		assertThat(feed.entries()).extracting(StatusFeedEntry::kind)
			.containsExactly(Kind.IMPACT_ENDED, Kind.IMPACT_REPORTED, Kind.STATUS_UPDATE);
		assertThat(feed.entries().get(2).message()).isEqualTo("Checkout is failing for some INC-F1");
		assertThat(feed.entries().get(0).publicTitle()).isEqualTo("Checkout errors INC-F1");
		assertThat(feed.entries().get(0).window().endedAt()).isEqualTo(Instant.parse(at(0, 5)));
		assertThat(feed.version()).isEqualTo(2);
		assertThat(epoch).isNotBlank();
		assertThat(feed.epoch()).as("the epoch is kept by later writes").isEqualTo(epoch);
		assertThat(stored(mongo).toJson()).doesNotContain("SECRET").doesNotContain("dana@");

		// the same poll again (a retry) changes nothing
		projector.forget();
		projector.handle(TestProjectors.records(log.subList(3, 6).toArray(EventEnvelope[]::new)));
		assertThat(feed(mongo).version()).isEqualTo(2);
	}

	@Test
	void theFeedKeepsTheLatestFiftyAndARebuildGivesTheSameEntries() {
		MongoTemplate mongo = store("status_feed_bound");
		TimelineProjector projector = TestProjectors.timeline(mongo, CLOCK);
		List<EventEnvelope> all = new ArrayList<>();
		for (int n = 0; n < 20; n++) {
			all.addAll(incident("INC-B%02d".formatted(n), n));
		}
		projector.handle(TestProjectors.records(all.toArray(EventEnvelope[]::new)));

		StatusFeedDocument feed = feed(mongo);
		// 20 incidents, 3 entries each: the latest 50 kept
		assertThat(feed.entries()).hasSize(StatusFeedDocument.LIMIT);
		assertThat(feed.entries().get(0).eventId()).isEqualTo("INC-B19-5");
		assertThat(feed.entries().get(49).eventId()).isEqualTo("INC-B03-4");
		assertThat(feed.entries()).isSortedAccordingTo(StatusFeedEntry.NEWEST_FIRST);

		projector.reset();
		assertThat(stored(mongo)).as("a rebuild drops the feed").isNull();
		TimelineProjector rebuilt = TestProjectors.timeline(mongo, CLOCK);
		for (EventEnvelope event : all) {
			rebuilt.handle(TestProjectors.records(event));
		}
		assertThat(feed(mongo).entries()).isEqualTo(feed.entries());
	}

}
