package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.projector.store.Writes;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Entries are inserted once: on the real store (or the embedded one), a batch that holds
 * documents already written by an earlier attempt inserts the rest and leaves those.
 */
class TimelineStoreIT {

	@Test
	void givenEntriesWrittenBeforeACrash_whenTheBatchIsWrittenAgain_thenTheRestIsInsertedAndNothingTwice() {
		try (MongoClient client = MongoClients.create(TestInfrastructure.mongo().connectionString())) {
			MongoCollection<Document> entries = client.getDatabase("timeline_store_it").getCollection("entries");
			entries.drop();
			Writes.insertOnce(entries,
					List.of(entry(0, "declared"), entry(1, "first attempt"), entry(2, "first attempt")));

			List<Document> again = new ArrayList<>();
			for (int sequence = 0; sequence < 6; sequence++) {
				again.add(entry(sequence, "second attempt"));
			}
			Writes.insertOnce(entries, again);

			assertThat(entries.countDocuments()).isEqualTo(6);
			assertThat(entries.find().map((document) -> document.getString("_id") + "=" + document.getString("text")))
				.containsExactlyInAnyOrder("INC-1:0000000000=declared", "INC-1:0000000001=first attempt",
						"INC-1:0000000002=first attempt", "INC-1:0000000003=second attempt",
						"INC-1:0000000004=second attempt", "INC-1:0000000005=second attempt");
		}
	}

	@Test
	void givenASummaryDroppedOrMovedOn_whenAnOlderFoldIsWritten_thenItIsRefusedAndNothingIsOverwritten() {
		try (MongoClient client = MongoClients.create(TestInfrastructure.mongo().connectionString())) {
			org.springframework.data.mongodb.core.MongoTemplate mongo = new org.springframework.data.mongodb.core.MongoTemplate(
					client, "timeline_store_guard_it");
			mongo.getDb().drop();
			TimelineStore store = new TimelineStore(mongo,
					new EnvelopeDecoder(tools.jackson.databind.json.JsonMapper.builder().build()),
					java.time.Clock.systemUTC());
			ProjectedIncident incident = ProjectedIncident.initial("INC-2");

			ProjectedIncident later = new ProjectedIncident(
					com.nimbus.incidents.history.IncidentFold.fold("INC-2", TestLog.incident("INC-2")), List.of());

			store.write(List.of(), List.of(incident), java.util.Map.of());
			store.write(List.of(), List.of(incident), java.util.Map.of("INC-2", incident));
			assertThat(store.load(List.of("INC-2"))).containsKey("INC-2");

			assertThatThrownBy(() -> store.write(List.of(), List.of(incident), java.util.Map.of("INC-2", later)))
				.isInstanceOf(TimelineStore.SummaryMoved.class);
			assertThatThrownBy(() -> store.write(List.of(), List.of(incident), java.util.Map.of()))
				.isInstanceOf(TimelineStore.SummaryMoved.class);
			store.dropAll();
			assertThatThrownBy(() -> store.write(List.of(), List.of(incident), java.util.Map.of("INC-2", incident)))
				.isInstanceOf(TimelineStore.SummaryMoved.class);
			assertThat(store.load(List.of("INC-2"))).isEmpty();
		}
	}

	@Test
	void givenSummariesOfAnEarlierVersion_whenTheStoreStarts_thenTheListIsWrittenFromThem() {
		try (MongoClient client = MongoClients.create(TestInfrastructure.mongo().connectionString())) {
			org.springframework.data.mongodb.core.MongoTemplate mongo = new org.springframework.data.mongodb.core.MongoTemplate(
					client, "timeline_store_backfill_it");
			mongo.getDb().drop();
			mongo.getCollection(TimelineStore.SUMMARIES)
				.insertMany(List.of(
						new Document("_id", "INC-1").append("version", 3L)
							.append("title", "Elevated errors")
							.append("state", new Document("version", 3L))
							.append("parked", List.of()),
						new Document("_id", "INC-2").append("version", 0L)
							.append("title", "Console down")
							.append("state", new Document("version", 0L))
							.append("parked", List.of())));
			TimelineStore store = new TimelineStore(mongo,
					new EnvelopeDecoder(tools.jackson.databind.json.JsonMapper.builder().build()),
					java.time.Clock.systemUTC());

			new EarlierVersions(mongo).bringUp();
			new EarlierVersions(mongo).bringUp();

			assertThat(mongo.getCollection(TimelineStore.LIST).find().map(Document::toJson)).containsExactlyInAnyOrder(
					"{\"_id\": \"INC-1\", \"version\": 3, \"title\": \"Elevated errors\"}",
					"{\"_id\": \"INC-2\", \"version\": 0, \"title\": \"Console down\"}");
		}
	}

	@Test
	void givenEventsWaitingForAGap_whenTheIncidentIsWritten_thenTheyAreStoredApartFromItsSummaryKeyedBySequence() {
		try (MongoClient client = MongoClients.create(TestInfrastructure.mongo().connectionString())) {
			org.springframework.data.mongodb.core.MongoTemplate mongo = new org.springframework.data.mongodb.core.MongoTemplate(
					client, "timeline_store_parked_it");
			mongo.getDb().drop();
			tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
			EnvelopeDecoder decoder = new EnvelopeDecoder(json);
			TimelineStore store = new TimelineStore(mongo, decoder, java.time.Clock.systemUTC());
			List<com.nimbus.incidents.events.EventEnvelope> log = TestLog.incident("INC-3");
			List<Delivered> waiting = new ArrayList<>();
			for (int copy = 0; copy < 500; copy++) {
				com.nimbus.incidents.events.EventEnvelope event = log.get(2 + copy % 6);
				com.nimbus.incidents.events.EventEnvelope later = new com.nimbus.incidents.events.EventEnvelope(
						event.eventId() + "-" + copy, "INC-3", 2 + copy, event.type(), event.schemaVersion(),
						event.occurredAt(), event.recordedAt(), event.actor(), event.payload());
				waiting.add(decoder.decode(json.writeValueAsBytes(later)));
			}
			ProjectedIncident declared = new ProjectedIncident(
					com.nimbus.incidents.history.IncidentFold.fold("INC-3", log.subList(0, 1)), waiting);

			store.write(List.of(), List.of(declared), java.util.Map.of());

			Document summary = mongo.getCollection(TimelineStore.SUMMARIES).find(new Document("_id", "INC-3")).first();
			assertThat(summary).doesNotContainKey("parked");
			assertThat(summary.getInteger("parkedCount")).isEqualTo(500);
			assertThat(summary.toJson().length()).isLessThan(4_000);
			assertThat(
					mongo.getCollection(com.nimbus.incidents.projector.parked.ParkedEvents.INCIDENTS).countDocuments())
				.isEqualTo(500);
			assertThat(mongo.getCollection(com.nimbus.incidents.projector.parked.ParkedEvents.INCIDENTS)
				.find(new Document("_id", "INC-3:0000000501"))
				.first()
				.getLong("sequence")).isEqualTo(501);
			ProjectedIncident loaded = store.load(List.of("INC-3")).get("INC-3");
			assertThat(loaded.parked()).extracting(Delivered::sequence)
				.containsExactlyElementsOf(waiting.stream().map(Delivered::sequence).toList());
		}
	}

	@Test
	void givenASummaryOfAnEarlierVersionHoldingItsParkedEvents_whenLoadedAndWritten_thenTheyMoveToTheirCollection() {
		try (MongoClient client = MongoClients.create(TestInfrastructure.mongo().connectionString())) {
			org.springframework.data.mongodb.core.MongoTemplate mongo = new org.springframework.data.mongodb.core.MongoTemplate(
					client, "timeline_store_legacy_it");
			mongo.getDb().drop();
			tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
			TimelineStore store = new TimelineStore(mongo, new EnvelopeDecoder(json), java.time.Clock.systemUTC());
			List<com.nimbus.incidents.events.EventEnvelope> log = TestLog.incident("INC-4");
			store.write(List.of(),
					List.of(new ProjectedIncident(
							com.nimbus.incidents.history.IncidentFold.fold("INC-4", log.subList(0, 1)), List.of())),
					java.util.Map.of());
			mongo.getCollection(TimelineStore.SUMMARIES)
				.updateOne(new Document("_id", "INC-4"), new Document("$set", new Document("parked",
						List.of(json.writeValueAsString(log.get(3)), json.writeValueAsString(log.get(5))))));

			ProjectedIncident loaded = store.load(List.of("INC-4")).get("INC-4");

			assertThat(loaded.parked()).extracting(Delivered::sequence).containsExactly(3L, 5L);
			assertThat(mongo.getCollection(com.nimbus.incidents.projector.parked.ParkedEvents.INCIDENTS)
				.find()
				.map((event) -> event.getString("_id")))
				.containsExactlyInAnyOrder("INC-4:0000000003", "INC-4:0000000005");
			store.write(List.of(), List.of(loaded), java.util.Map.of("INC-4", loaded));
			assertThat(mongo.getCollection(TimelineStore.SUMMARIES).find(new Document("_id", "INC-4")).first())
				.doesNotContainKey("parked")
				.containsEntry("parkedCount", 2);
			assertThat(store.load(List.of("INC-4")).get("INC-4").parked()).extracting(Delivered::sequence)
				.containsExactly(3L, 5L);
		}
	}

	private static Document entry(int sequence, String text) {
		return new Document("_id", "INC-1:" + String.format("%010d", sequence)).append("sequence", sequence)
			.append("text", text);
	}

}
