package com.nimbus.incidents.projector.timeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.status.StatusPageProjector;
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
 * The projector's polls in the list buckets, against the store of the integration tests:
 * incidents of one poll in one month, a status change moving counts, a poll handled again
 * changing nothing, and an incident not yet declared left out.
 */
class ListBucketsProjectionIT {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static MongoClient client;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(TestInfrastructure.mongo().connectionString());
	}

	@AfterAll
	static void close() {
		client.close();
	}

	/**
	 * TestLog's incident, declared {@code days} later (2021-12-07 plus days).
	 */
	private static List<EventEnvelope> incident(String incidentId, int days) {
		List<EventEnvelope> log = new ArrayList<>();
		for (EventEnvelope event : TestLog.incident(incidentId)) {
			log.add(EventEnvelope.of(event.eventId(), incidentId, event.sequence(),
					event.occurredAt().plus(Duration.ofDays(days)), event.recordedAt(), event.actor(),
					event.payload()));
		}
		return log;
	}

	@Test
	void twoIncidentsOfOneMonthAStatusChangeAndAPollHandledAgain() {
		MongoTemplate mongo = new MongoTemplate(client, "list_buckets_projection_it");
		mongo.getDb().drop();
		TimelineStore store = new TimelineStore(mongo, new EnvelopeDecoder(JSON), CLOCK);
		TimelineProjector projector = projector(mongo, store);
		MongoCollection<Document> buckets = mongo.getCollection(TimelineStore.LIST_BUCKETS);
		List<EventEnvelope> a = incident("INC-A", 0);
		List<EventEnvelope> c = incident("INC-C", 13);
		List<EventEnvelope> d = incident("INC-D", 1);
		List<ConsumerRecord<String, byte[]>> first = records(a.get(0), a.get(1), a.get(2), c.get(0), c.get(1), d.get(1),
				d.get(2));
		List<ConsumerRecord<String, byte[]>> second = records(a.get(3), a.get(4), a.get(5), a.get(6), a.get(7),
				c.get(2));

		projector.handle(first);

		assertThat(BucketsView.logical(buckets).keySet()).containsExactly("2021", "2021-12", "2021-12-07", "2021-12-20",
				"all");
		assertThat(BucketsView.assertExact(buckets))
			.isEqualTo(Map.of("OPEN", 2L, "OPEN|severity:SEV1", 1L, "OPEN|severity:SEV2", 1L, "OPEN|service:console",
					2L, "OPEN|region:us-east-1", 2L, "OPEN|severity:SEV1|service:console", 1L,
					"OPEN|severity:SEV2|service:console", 1L, "OPEN|severity:SEV1|region:us-east-1", 1L,
					"OPEN|severity:SEV2|region:us-east-1", 1L, "OPEN|service:console|region:us-east-1", 2L));
		// today's list holds a row for INC-D, waiting for its declaration: not listed
		// here
		assertThat(mongo.getCollection(TimelineStore.LIST).find(new Document("_id", "INC-D")).first()).isNotNull();
		assertThat(BucketsView.rowIds(buckets)).containsExactly("INC-A", "INC-C");

		projector.handle(second);

		Map<String, Long> counts = BucketsView.assertExact(buckets);
		Map<String, Long> expected = new TreeMap<>();
		for (String status : List.of("OPEN", "RESOLVED")) {
			for (String key : List.of("", "|severity:SEV1", "|service:console", "|region:us-east-1",
					"|severity:SEV1|service:console", "|severity:SEV1|region:us-east-1",
					"|service:console|region:us-east-1")) {
				expected.put(status + key, 1L);
			}
		}
		assertThat(counts).isEqualTo(expected);
		List<Document> written = dump(buckets);

		projector.forget();
		projector.handle(second);
		projector.handle(first);

		assertThat(dump(buckets)).as("the same polls again: nothing written").isEqualTo(written);
	}

	@Test
	void aStoreWithListRowsAndNoBucketsGetsItsBucketsOnceAtStart() {
		MongoTemplate mongo = new MongoTemplate(client, "list_buckets_backfill_it");
		mongo.getDb().drop();
		TimelineStore earlier = new TimelineStore(mongo, new EnvelopeDecoder(JSON), CLOCK);
		TimelineProjector projector = projector(mongo, earlier);
		List<EventEnvelope> a = incident("INC-A", 0);
		List<EventEnvelope> b = incident("INC-B", 40);
		projector.handle(records(a.toArray(EventEnvelope[]::new)));
		projector.handle(records(b.get(0), b.get(1)));
		MongoCollection<Document> buckets = mongo.getCollection(TimelineStore.LIST_BUCKETS);
		Map<String, Document> projected = BucketsView.logical(buckets);
		// as an earlier version left the store: list rows, no buckets
		buckets.drop();

		new EarlierVersions(mongo).bringUp();

		Map<String, Document> backfilled = BucketsView.logical(buckets);
		assertThat(backfilled.remove("backfilled")).isNotNull();
		assertThat(backfilled).isEqualTo(projected);
		BucketsView.assertExact(buckets);
		List<Document> once = dump(buckets);
		mongo.getCollection(TimelineStore.LIST)
			.updateMany(new Document(), new Document("$inc", new Document("version", 1L)));

		new EarlierVersions(mongo).bringUp();

		assertThat(dump(buckets)).as("a later start reads no list").isEqualTo(once);
	}

	@Test
	void bucketsOfEarlierCountKeysAreWrittenAgainFromTheListRowsAtStart() {
		MongoTemplate mongo = new MongoTemplate(client, "list_buckets_keys_it");
		mongo.getDb().drop();
		TimelineStore store = new TimelineStore(mongo, new EnvelopeDecoder(JSON), CLOCK);
		new EarlierVersions(mongo).bringUp();
		TimelineProjector projector = projector(mongo, store);
		List<EventEnvelope> a = incident("INC-A", 0);
		projector.handle(records(a.toArray(EventEnvelope[]::new)));
		projector.handle(records(incident("INC-B", 40).get(0)));
		MongoCollection<Document> buckets = mongo.getCollection(TimelineStore.LIST_BUCKETS);
		Map<String, Document> projected = BucketsView.logical(buckets);
		// as the first buckets were left: marked without "keys", pairs not counted
		buckets.replaceOne(new Document("_id", "backfilled"), new Document("_id", "backfilled"));
		buckets.updateOne(new Document("_id", "all"),
				new Document("$unset", new Document("counts.RESOLVED|service:console|region:us-east-1", "")));

		new EarlierVersions(mongo).bringUp();

		assertThat(BucketsView.logical(buckets)).isEqualTo(projected);
		assertThat(BucketsView.assertExact(buckets)).containsEntry("RESOLVED|service:console|region:us-east-1", 1L)
			.containsEntry("OPEN|severity:SEV2|service:console", 1L);
		assertThat(buckets.find(new Document("_id", "backfilled")).first())
			.isEqualTo(new Document("_id", "backfilled").append("keys", 2));
	}

	@Test
	void aRebuildDropsTheBucketsAndLeavesNothingToBackfill() {
		MongoTemplate mongo = new MongoTemplate(client, "list_buckets_reset_it");
		mongo.getDb().drop();
		TimelineStore store = new TimelineStore(mongo, new EnvelopeDecoder(JSON), CLOCK);
		TimelineProjector projector = projector(mongo, store);
		projector.handle(records(incident("INC-A", 0).get(0)));
		assertThat(BucketsView.rowIds(mongo.getCollection(TimelineStore.LIST_BUCKETS))).containsExactly("INC-A");

		projector.reset();

		assertThat(dump(mongo.getCollection(TimelineStore.LIST_BUCKETS)))
			.containsExactly(new Document("_id", "backfilled").append("keys", 2));
	}

	private static TimelineProjector projector(MongoTemplate mongo, TimelineStore store) {
		ConsumerProperties properties = new ConsumerProperties("unused:9092", "incident-events", "contract-events",
				"group", 1000, 1 << 20, 8 << 20, 16 << 20);
		StatusPageProjector statusPage = new StatusPageProjector(mongo,
				new TimelinePublicUpdates(mongo, new EnvelopeDecoder(JSON)), CLOCK, new SimpleMeterRegistry());
		return new TimelineProjector(new EnvelopeDecoder(JSON), store, statusPage,
				new com.nimbus.incidents.projector.status.StatusFeedProjector(mongo),
				new com.nimbus.incidents.projector.catalog.CatalogProjector(mongo), properties, mock(DeadLetters.class),
				new ParallelWrites(), new SimpleMeterRegistry());
	}

	private static List<ConsumerRecord<String, byte[]>> records(EventEnvelope... envelopes) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (EventEnvelope envelope : envelopes) {
			records.add(new ConsumerRecord<>("incident-events", 0, records.size(), envelope.incidentId(),
					JSON.writeValueAsBytes(envelope)));
		}
		return records;
	}

	private static List<Document> dump(MongoCollection<Document> collection) {
		return collection.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
	}

}
