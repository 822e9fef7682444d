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

			store.backfillList();
			store.backfillList();

			assertThat(mongo.getCollection(TimelineStore.LIST).find().map(Document::toJson)).containsExactlyInAnyOrder(
					"{\"_id\": \"INC-1\", \"version\": 3, \"title\": \"Elevated errors\"}",
					"{\"_id\": \"INC-2\", \"version\": 0, \"title\": \"Console down\"}");
		}
	}

	private static Document entry(int sequence, String text) {
		return new Document("_id", "INC-1:" + String.format("%010d", sequence)).append("sequence", sequence)
			.append("text", text);
	}

}
