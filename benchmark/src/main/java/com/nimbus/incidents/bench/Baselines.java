package com.nimbus.incidents.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.readmodel.TimelineEntryDocument;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * Workload 1: what the broker and the store do raw, on this machine in this run, and what
 * Axon does with the service's own configuration without HTTP or the relay.
 */
final class Baselines {

	private static final int STORE_BATCH = 1000;

	private final Platform platform;

	private final BenchSettings settings;

	Baselines(Platform platform, BenchSettings settings) {
		this.platform = platform;
		this.settings = settings;
	}

	/**
	 * Records per second to a topic of the same broker, acks=all and idempotent as the
	 * relay sends, each a JSON record of about 300 bytes.
	 */
	double kafkaProducePerSecond() throws Exception {
		String topic = "bench-baseline";
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.platform.kafkaBootstrap()))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		List<Double> rates = new ArrayList<>();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				producerConfig(this.platform.kafkaBootstrap()))) {
			for (int round = 0; round <= this.settings.rounds(); round++) {
				int records = this.settings.kafkaRecords();
				long started = System.nanoTime();
				for (int i = 0; i < records; i++) {
					String key = "INC-BASE" + (i % 1000);
					producer.send(new ProducerRecord<>(topic, key, record300(key, i)));
				}
				producer.flush();
				double rate = records / ((System.nanoTime() - started) / 1e9);
				if (round > 0) {
					rates.add(rate);
				}
			}
		}
		return Stats.median(rates);
	}

	static Map<String, Object> producerConfig(String bootstrap) {
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
	}

	private static byte[] record300(String key, int i) {
		String json = "{\"eventId\":\"" + String.format("%036d", i) + "\",\"incidentId\":\"" + key + "\",\"sequence\":"
				+ i + ",\"type\":\"NoteAdded\",\"schemaVersion\":1,"
				+ "\"occurredAt\":\"2026-10-07T15:30:00Z\",\"recordedAt\":\"2026-10-07T15:31:00Z\","
				+ "\"actor\":\"bench@example.com\",\"payload\":{\"text\":\"Traffic shifted away from the zone\"}}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Documents per second inserted, and upserted by {@code _id} (replace, upsert=true),
	 * through the same driver to the same store, in bulk writes of 1,000 as the projector
	 * writes; the documents are shaped like timeline entries.
	 */
	double[] storeInsertAndUpsertPerSecond() {
		List<Double> inserts = new ArrayList<>();
		List<Double> upserts = new ArrayList<>();
		try (MongoClient client = MongoClients.create(this.platform.mongoUri())) {
			MongoDatabase database = client.getDatabase("bench_raw");
			for (int round = 0; round <= this.settings.rounds(); round++) {
				int documents = this.settings.storeDocuments();
				MongoCollection<Document> inserted = database.getCollection("insert_" + round);
				long started = System.nanoTime();
				for (int from = 0; from < documents; from += STORE_BATCH) {
					List<Document> batch = new ArrayList<>(STORE_BATCH);
					for (int i = from; i < Math.min(documents, from + STORE_BATCH); i++) {
						batch.add(entry("INC-RAW" + round, i));
					}
					inserted.insertMany(batch);
				}
				double insertRate = documents / ((System.nanoTime() - started) / 1e9);
				MongoCollection<Document> upserted = database.getCollection("upsert_" + round);
				ReplaceOptions upsert = new ReplaceOptions().upsert(true);
				started = System.nanoTime();
				for (int from = 0; from < documents; from += STORE_BATCH) {
					List<WriteModel<Document>> batch = new ArrayList<>(STORE_BATCH);
					for (int i = from; i < Math.min(documents, from + STORE_BATCH); i++) {
						Document entry = entry("INC-RAW" + round, i);
						batch.add(new ReplaceOneModel<>(Filters.eq("_id", entry.get("_id")), entry, upsert));
					}
					upserted.bulkWrite(batch);
				}
				double upsertRate = documents / ((System.nanoTime() - started) / 1e9);
				if (round > 0) {
					inserts.add(insertRate);
					upserts.add(upsertRate);
				}
			}
			database.drop();
		}
		return new double[] { Stats.median(inserts), Stats.median(upserts) };
	}

	/**
	 * A timeline entry as the projector stores it ({@link TimelineEntryDocument}), of a
	 * note like the one {@link #record300} carries.
	 */
	private static Document entry(String incidentId, int sequence) {
		Instant now = Instant.now();
		EventEnvelope note = new EventEnvelope(String.format("%036d", sequence), incidentId, sequence, "NoteAdded", 1,
				now, now, "bench@example.com", new NoteAdded("Traffic shifted away from the zone"));
		return TimelineEntryDocument.encode(note, "Note: traffic shifted away from the zone",
				new String(record300(incidentId, sequence), StandardCharsets.UTF_8));
	}

	/**
	 * Commands per second appended straight through Axon: the service's jar, started with
	 * {@code AxonAppendBaseline} as its main class, on a database of its own.
	 */
	double axonAppendPerSecond() throws Exception {
		Path jar = serviceJar("incident-command");
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m",
				"-Dloader.main=com.nimbus.incidents.command.incident.AxonAppendBaseline", "-cp", jar.toString(),
				"org.springframework.boot.loader.launch.PropertiesLauncher",
				"--spring.mongodb.uri=" + this.platform.mongoUri(), "--spring.mongodb.database=bench_axon",
				"--kafka.bootstrap-servers=" + this.platform.kafkaBootstrap(),
				"--spring.security.oauth2.resourceserver.jwt.public-key-location="
						+ this.platform.issuer().publicKeyLocation(),
				"--server.address=127.0.0.1", "--server.port=0", "--rounds=" + (this.settings.rounds() + 1),
				"--incidents=" + this.settings.incidents(), "--commands=" + this.settings.commands(),
				"--clients=" + this.settings.clients()));
		Path log = this.settings.dataDir().resolve("logs/axon-baseline.log");
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<Double> rates = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				var out = Files.newBufferedWriter(log)) {
			String line;
			while ((line = reader.readLine()) != null) {
				out.write(line);
				out.newLine();
				if (line.startsWith("BASELINE ")) {
					rates.add(Double.parseDouble(line.substring("BASELINE ".length()).trim()));
				}
			}
		}
		finally {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		if (rates.size() != this.settings.rounds() + 1) {
			throw new IllegalStateException("The Axon baseline ended after " + rates.size() + " rounds; see " + log);
		}
		try (MongoClient client = MongoClients.create(this.platform.mongoUri())) {
			client.getDatabase("bench_axon").drop();
		}
		return Stats.median(rates.subList(1, rates.size()));
	}

	private Path serviceJar(String module) {
		Path target = this.platform.settings().home().resolve(module).resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files
				.filter((file) -> file.getFileName().toString().startsWith(module + "-")
						&& file.getFileName().toString().endsWith(".jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No jar in " + target));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
