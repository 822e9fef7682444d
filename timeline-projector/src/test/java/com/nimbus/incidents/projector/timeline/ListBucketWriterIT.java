package com.nimbus.incidents.projector.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.localstack.EmbeddedMongoStore;
import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import com.nimbus.incidents.readmodel.ListBucketDocument;
import com.nimbus.incidents.readmodel.ListBucketWriter;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelIndexes;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list buckets on the embedded store itself (mongo-java-server 1.47, started here
 * whatever store the other tests use): what the writer relies on is accepted there (a
 * guarded update {@code {_id, rev}}, nested {@code $set} and {@code $inc} paths, a
 * projection of nested fields, {@code _id $in}), the guard is a lookup by key once the
 * declared unique index is there, and concurrent writers leave exact counts.
 */
class ListBucketWriterIT {

	private static EmbeddedMongoStore store;

	private static MongoClient client;

	@BeforeAll
	static void start() throws Exception {
		store = EmbeddedMongoStore.start(null, "127.0.0.1", 0);
		client = MongoClients.create(store.connectionString());
	}

	@AfterAll
	static void stop() {
		client.close();
		store.close();
	}

	private static MongoCollection<Document> buckets(String database) {
		MongoDatabase db = client.getDatabase(database);
		db.drop();
		ReadModelIndexes.ensure(db);
		return db.getCollection(ReadModelCollections.INCIDENT_LIST_BUCKETS);
	}

	private static Row row(String id, long version, IncidentStatus status, String service, String declaredAt) {
		return new Row(id, version, "Errors of " + service, Severity.SEV2, status, List.of(service),
				List.of("us-east-1"), Instant.parse(declaredAt), null);
	}

	@Test
	void theStoreAcceptsGuardedNestedUpdatesAndNestedProjections() {
		MongoCollection<Document> buckets = buckets("buckets_operators_it");
		buckets.insertOne(new Document("_id", "2021-12-07").append("rev", 1L)
			.append("counts", new Document("OPEN", 1L))
			.append("rows",
					new Document("INC-1", new Document("version", 0L)).append("INC-2", new Document("version", 4L))));

		long matched = buckets
			.updateOne(new Document("_id", "2021-12-07").append("rev", 1L),
					new Document("$set", new Document("rows.INC%2E3", new Document("version", 2L))).append("$inc",
							new Document("rev", 1L).append("counts.OPEN", 1L).append("counts.OPEN|service:a%2Eb", 1L)))
			.getMatchedCount();
		long stale = buckets
			.updateOne(new Document("_id", "2021-12-07").append("rev", 1L),
					new Document("$inc", new Document("counts.OPEN", 100L)))
			.getMatchedCount();
		Document projected = buckets.find(new Document("_id", new Document("$in", List.of("2021-12-07", "2021-12"))))
			.projection(Projections.include("rev", "rows.INC-2", "rows.INC-9"))
			.first();

		assertThat(matched).isEqualTo(1);
		assertThat(stale).isZero();
		Document stored = buckets.find(new Document("_id", "2021-12-07")).first();
		assertThat(stored.get("counts", Document.class))
			.isEqualTo(new Document("OPEN", 2L).append("OPEN|service:a%2Eb", 1L));
		assertThat(stored.get("rows", Document.class).keySet()).containsExactly("INC-1", "INC-2", "INC%2E3");
		assertThat(projected).isEqualTo(new Document("_id", "2021-12-07").append("rev", 2L)
			.append("rows", new Document("INC-2", new Document("version", 4L))));
	}

	/**
	 * mongo-java-server looks a query up in an index only when the query names exactly
	 * the index's keys: {@code {_id, rev}} scans the collection unless the unique index
	 * on {@code (_id, rev)} is there. Measured against the same updates without it.
	 */
	@Test
	void theGuardedWriteIsALookupByKeyWithTheDeclaredIndex() {
		MongoCollection<Document> indexed = buckets("buckets_indexed_it");
		MongoCollection<Document> plain = client.getDatabase("buckets_plain_it").getCollection("buckets");
		client.getDatabase("buckets_plain_it").drop();
		for (MongoCollection<Document> buckets : List.of(indexed, plain)) {
			List<Document> days = new ArrayList<>();
			for (int i = 0; i < 20_000; i++) {
				days.add(new Document("_id", "day-" + i).append("rev", 0L).append("rows", "x".repeat(200)));
			}
			for (int from = 0; from < days.size(); from += 1000) {
				buckets.insertMany(days.subList(from, from + 1000), new InsertManyOptions().ordered(false));
			}
		}
		// the fastest of eight alternating rounds: a busy machine slows some rounds, not
		// all
		long withIndex = Long.MAX_VALUE;
		long withoutIndex = Long.MAX_VALUE;
		for (int round = 0; round < 8; round++) {
			withIndex = Math.min(withIndex, guardedUpdates(indexed, round));
			withoutIndex = Math.min(withoutIndex, guardedUpdates(plain, round));
		}

		System.out.printf("100 guarded updates among 20,000 buckets: %d ms with the unique index, %d ms without%n",
				withIndex / 1_000_000, withoutIndex / 1_000_000);
		assertThat(withIndex * 3).as("with the index, compared with a scan").isLessThan(withoutIndex);
	}

	private static long guardedUpdates(MongoCollection<Document> buckets, long rev) {
		long started = System.nanoTime();
		long matched = 0;
		for (int i = 0; i < 100; i++) {
			matched += buckets
				.updateOne(new Document("_id", "day-" + i).append("rev", rev),
						new Document("$inc", new Document("rev", 1L).append("counts.OPEN", 1L)))
				.getMatchedCount();
		}
		assertThat(matched).isEqualTo(100);
		return System.nanoTime() - started;
	}

	@Test
	void rowsWrittenAgainOrOutOfOrderLeaveExactCountsAtEveryLevel() {
		MongoCollection<Document> buckets = buckets("buckets_rows_it");
		ListBucketWriter writer = new ListBucketWriter(buckets);
		Row open = row("INC-1", 3, IncidentStatus.OPEN, "dns", "2021-12-07T15:48:00Z");
		Row resolved = row("INC-1", 7, IncidentStatus.RESOLVED, "dns", "2021-12-07T15:48:00Z");
		Row sameMonth = row("INC-2", 0, IncidentStatus.OPEN, "dns", "2021-12-30T23:59:00Z");
		Row lastYear = row("INC-3", 1, IncidentStatus.OPEN, "console", "2020-02-29T10:00:00Z");
		Row notDeclared = new Row("INC-4", -1, null, null, null, List.of(), List.of(), null, null);

		writer.write(List.of(open, sameMonth, lastYear, notDeclared));
		writer.write(List.of(resolved));
		writer.write(List.of(open, resolved, sameMonth));

		Map<String, Long> root = BucketsView.assertExact(buckets);
		assertThat(root).isEqualTo(Map.ofEntries(Map.entry("OPEN", 2L), Map.entry("RESOLVED", 1L),
				Map.entry("OPEN|severity:SEV2", 2L), Map.entry("RESOLVED|severity:SEV2", 1L),
				Map.entry("OPEN|service:dns", 1L), Map.entry("OPEN|service:console", 1L),
				Map.entry("RESOLVED|service:dns", 1L), Map.entry("OPEN|region:us-east-1", 2L),
				Map.entry("RESOLVED|region:us-east-1", 1L), Map.entry("OPEN|severity:SEV2|service:dns", 1L),
				Map.entry("OPEN|severity:SEV2|service:console", 1L),
				Map.entry("OPEN|severity:SEV2|region:us-east-1", 2L),
				Map.entry("OPEN|service:dns|region:us-east-1", 1L),
				Map.entry("OPEN|service:console|region:us-east-1", 1L),
				Map.entry("RESOLVED|severity:SEV2|service:dns", 1L),
				Map.entry("RESOLVED|severity:SEV2|region:us-east-1", 1L),
				Map.entry("RESOLVED|service:dns|region:us-east-1", 1L)));
		assertThat(BucketsView.logical(buckets).keySet()).containsExactly("2020", "2020-02", "2020-02-29", "2021",
				"2021-12", "2021-12-07", "2021-12-30", "all");
		assertThat(BucketsView.rowIds(buckets)).containsExactly("INC-3", "INC-1", "INC-2");
		Document day = buckets.find(new Document("_id", "2021-12-07")).first();
		assertThat(ListBucketDocument.decode(day).rows().get(0).version()).isEqualTo(7);
		// written three times, changed twice
		assertThat(day.get("rev", Number.class).longValue()).isEqualTo(2);
	}

	/**
	 * A new incident moves the counts of its day, month, year and the root: one read of
	 * the chain, the day's write, then one write per level computed from that read (it
	 * read again before each level: eight round trips).
	 */
	@Test
	void aNewIncidentCostsOneReadAndOneWritePerLevel() {
		buckets("buckets_round_trips_it");
		List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (MongoClient counted = MongoClients.create(com.mongodb.MongoClientSettings.builder()
			.applyConnectionString(new com.mongodb.ConnectionString(store.connectionString()))
			.addCommandListener(new com.mongodb.event.CommandListener() {
				@Override
				public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
					commands.add(event.getCommandName());
				}
			})
			.build())) {
			ListBucketWriter writer = new ListBucketWriter(counted.getDatabase("buckets_round_trips_it")
				.getCollection(ReadModelCollections.INCIDENT_LIST_BUCKETS));
			writer.write(List.of(row("INC-1", 0, IncidentStatus.OPEN, "dns", "2021-12-07T15:48:00Z")));
			commands.clear();

			writer.write(List.of(row("INC-2", 0, IncidentStatus.OPEN, "dns", "2021-12-07T16:00:00Z")));

			assertThat(commands).containsExactly("find", "update", "update", "update", "update");
		}
		Map<String, Long> root = BucketsView.assertExact(
				client.getDatabase("buckets_round_trips_it").getCollection(ReadModelCollections.INCIDENT_LIST_BUCKETS));
		assertThat(root.get("OPEN")).isEqualTo(2);
	}

	@Test
	void writersOfOneDayAtOnceLeaveExactCounts() throws Exception {
		MongoCollection<Document> buckets = buckets("buckets_concurrent_it");
		int writers = 4;
		int incidents = 40;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			List<Callable<Void>> work = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				work.add(() -> {
					ListBucketWriter own = new ListBucketWriter(buckets);
					for (int i = writer; i < incidents; i += writers) {
						String id = "INC-" + i;
						own.write(List.of(row(id, 0, IncidentStatus.OPEN, "svc-" + (i % 3), "2021-12-07T10:00:00Z")));
						own.write(
								List.of(row(id, 1, IncidentStatus.RESOLVED, "svc-" + (i % 3), "2021-12-07T10:00:00Z")));
					}
					return null;
				});
			}
			for (Future<Void> done : pool.invokeAll(work)) {
				done.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		Map<String, Long> root = BucketsView.assertExact(buckets);
		assertThat(root.get("RESOLVED")).isEqualTo(incidents);
		assertThat(root).doesNotContainKey("OPEN");
		assertThat(root.get("RESOLVED|service:svc-0")).isEqualTo(14);
		assertThat(BucketsView.rowIds(buckets)).hasSize(incidents);
	}

}
