package com.nimbus.incidents.localstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledged write survives {@code kill -9} of the store's process: eight writers
 * insert and delete documents as fast as the store answers, the store is killed without
 * warning in the middle of it, started again on the same file, and every insert it
 * acknowledged is there and every delete it acknowledged stays done. Three rounds, on one
 * file.
 */
class StoreDurabilityIT {

	private static final int WRITERS = 8;

	@Test
	void everyAcknowledgedWriteSurvivesKill9OfTheStore() throws Exception {
		Path dir = Files.createTempDirectory(Path.of("target"), "store-durability-");
		Path file = dir.resolve("store.mv");
		Set<String> inserted = ConcurrentHashMap.newKeySet();
		Set<String> deleted = ConcurrentHashMap.newKeySet();
		int kills = 0;
		for (int round = 0; round < 3; round++) {
			int port = FreePorts.next();
			Process store = startStore(file, port);
			try (MongoClient client = client(port)) {
				MongoCollection<Document> documents = client.getDatabase("durability").getCollection("documents");
				AtomicBoolean running = new AtomicBoolean(true);
				Acknowledged acknowledged = new Acknowledged();
				List<Thread> writers = new ArrayList<>();
				for (int w = 0; w < WRITERS; w++) {
					String prefix = "r" + round + "-w" + w + "-";
					Thread writer = new Thread(
							() -> write(documents, prefix, running, acknowledged, inserted, deleted));
					writer.start();
					writers.add(writer);
				}
				acknowledged.reached.await(90, TimeUnit.SECONDS);
				store.destroyForcibly().waitFor();
				kills++;
				running.set(false);
				for (Thread writer : writers) {
					writer.join();
				}
				assertThat(acknowledged.count.get()).as("writes acknowledged before the kill")
					.isGreaterThanOrEqualTo(500);
			}
			int again = FreePorts.next();
			Process restarted = startStore(file, again);
			try (MongoClient client = client(again)) {
				MongoCollection<Document> documents = client.getDatabase("durability").getCollection("documents");
				Set<String> present = new java.util.HashSet<>();
				for (Document document : documents.find()) {
					present.add(document.getString("_id"));
				}
				assertThat(present).as("every acknowledged insert is there after kill -9").containsAll(inserted);
				assertThat(present).as("every acknowledged delete stays done").doesNotContainAnyElementsOf(deleted);
			}
			finally {
				restarted.destroy();
				restarted.waitFor();
			}
		}
		System.out.printf("Store durability: %d kills, %d acknowledged inserts and %d deletes checked%n", kills,
				inserted.size(), deleted.size());
	}

	/** Writes acknowledged so far; {@code reached} opens at 2,000. */
	private static final class Acknowledged {

		final AtomicInteger count = new AtomicInteger();

		final CountDownLatch reached = new CountDownLatch(2000);

		void count() {
			this.count.incrementAndGet();
			this.reached.countDown();
		}

	}

	private static void write(MongoCollection<Document> documents, String prefix, AtomicBoolean running,
			Acknowledged acknowledged, Set<String> inserted, Set<String> deleted) {
		for (int i = 0; running.get(); i++) {
			try {
				String id = prefix + i;
				documents.insertOne(new Document("_id", id).append("payload", "x".repeat(200)));
				inserted.add(id);
				acknowledged.count();
				if (i % 4 == 3) {
					String gone = prefix + (i - 2);
					// unanswered, a delete may or may not have happened: in doubt, not
					// checked
					inserted.remove(gone);
					documents.deleteOne(Filters.eq("_id", gone));
					deleted.add(gone);
					acknowledged.count();
				}
			}
			catch (RuntimeException ex) {
				// unanswered (a timeout on a loaded machine, or the kill): in doubt, not
				// checked; go on until told to stop
			}
		}
	}

	private static Process startStore(Path file, int port) throws Exception {
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), MongoStoreMain.class.getName(), "--data-file", file.toString(),
				"--host", "127.0.0.1", "--port", String.valueOf(port))
			.redirectErrorStream(true)
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = output.readLine()) != null) {
			if (line.startsWith("READY ")) {
				Thread drain = new Thread(() -> {
					try {
						output.lines().forEach((ignored) -> {
						});
					}
					catch (java.io.UncheckedIOException ex) {
						// the store was killed: nothing more to read
					}
				});
				drain.setDaemon(true);
				drain.start();
				return process;
			}
		}
		throw new IllegalStateException("the store exited before it was ready");
	}

	private static MongoClient client(int port) {
		return MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
			.applyToSocketSettings(
					(socket) -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
			.build());
	}

}
