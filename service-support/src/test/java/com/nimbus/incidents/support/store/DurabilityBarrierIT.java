package com.nimbus.incidents.support.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.localstack.EmbeddedMongoStore;
import com.nimbus.incidents.localstack.FreePorts;
import com.nimbus.incidents.support.store.DurabilityBarrier.StoreRestarted;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Against the embedded store, stopped and started again on its file and port between a
 * loop's writes and their barrier: the barrier says so, and passes again once the loop
 * has written on the new process.
 */
class DurabilityBarrierIT {

	@TempDir
	Path dir;

	@Test
	void aBarrierAnsweredByAnotherStoreProcessThanTheOneThatTookTheWritesFails() throws Exception {
		Path file = this.dir.resolve("store.mv");
		int port = FreePorts.next();
		EmbeddedMongoStore store = EmbeddedMongoStore.start(file, "127.0.0.1", port);
		try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(store.connectionString()))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
			.build())) {
			MongoDatabase database = client.getDatabase("barrier-test");
			MongoCollection<Document> deferred = database.getCollection("rows")
				.withWriteConcern(WriteConcern.ACKNOWLEDGED.withJournal(false));
			DurabilityBarrier barrier = new DurabilityBarrier(database,
					database.getCollection("barrier").withWriteConcern(WriteConcern.ACKNOWLEDGED.withJournal(true)),
					"loop");

			barrier.begin();
			deferred.insertOne(new Document("_id", 1));
			barrier.await();

			barrier.begin();
			deferred.insertOne(new Document("_id", 2));
			store.close();
			store = EmbeddedMongoStore.start(file, "127.0.0.1", port);
			awaitReachable(database);
			assertThatExceptionOfType(StoreRestarted.class).isThrownBy(barrier::await)
				.withMessageContaining("written again");

			// the loop writes again, on the process it now knows
			barrier.begin();
			deferred.replaceOne(new Document("_id", 2), new Document("_id", 2), new ReplaceOptions().upsert(true));
			barrier.await();
			assertThat(deferred.countDocuments()).isEqualTo(2);
			assertThat(database.getCollection("barrier").find(new Document("_id", "loop")).first())
				.containsEntry("barriers", 3L);
		}
		finally {
			store.close();
		}
	}

	@Test
	void aStoreThatDoesNotSayWhichProcessItIsIsOnlyWaitedFor() throws Exception {
		EmbeddedMongoStore store = EmbeddedMongoStore.start(null, "127.0.0.1", FreePorts.next());
		try (MongoClient client = MongoClients.create(store.connectionString())) {
			MongoDatabase database = client.getDatabase("barrier-test");
			assertThat(database.runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
			DurabilityBarrier barrier = new DurabilityBarrier(database, database.getCollection("barrier"), "loop");
			for (int poll = 0; poll < 3; poll++) {
				barrier.begin();
				database.getCollection("rows").insertOne(new Document("_id", poll));
				barrier.await();
			}
			assertThat(database.getCollection("barrier").find(new Document("_id", "loop")).first())
				.containsEntry("barriers", 3L);
		}
		finally {
			store.close();
		}
	}

	private static void awaitReachable(MongoDatabase database) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			database.runCommand(new Document("ping", 1));
			return true;
		});
	}

}
