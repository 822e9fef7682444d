package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

/**
 * Where signals leave a trace, read from outside the services: the {@code signals} topic
 * (keys {@code source:fingerprint}), the placer's progress on it (its consumer group's
 * committed offsets), and the signal events in the command service's event store.
 */
final class SignalRecords {

	static final String TOPIC = "signals";

	/** The placer's consumer group: {@code signal-placer.<topic>}. */
	static final String PLACER_GROUP = "signal-placer." + TOPIC;

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/**
	 * One stored event of the signal feature: its incident and payload.
	 */
	record StoredEvent(String incidentId, long sequence, String type, JsonNode payload) {
	}

	private SignalRecords() {
	}

	/**
	 * Records per key on the {@code signals} topic, for the keys starting with
	 * {@code source:}, read from the beginning of every partition to its end offset.
	 */
	static Map<String, Integer> topicKeys(String bootstrap, String source) {
		Map<String, Integer> keys = new TreeMap<>();
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "end-to-end-signal-records");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
			List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30))
				.stream()
				.map((partition) -> new TopicPartition(TOPIC, partition.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			Instant deadline = Instant.now().plus(PATIENCE);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (Instant.now().isAfter(deadline)) {
					throw new AssertionError("Could not read " + TOPIC + " to its end offsets " + end);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() < end.get(partition) && record.key() != null
							&& record.key().startsWith(source + ":")) {
						keys.merge(record.key(), 1, Integer::sum);
					}
				}
			}
		}
		return keys;
	}

	/**
	 * Records of the {@code signals} topic the placer has not committed yet, over every
	 * partition.
	 */
	static long placerLag(String bootstrap) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10_000))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(PLACER_GROUP)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
			admin.describeTopics(List.of(TOPIC))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(TOPIC)
				.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(TOPIC, partition.partition()),
						OffsetSpec.latest()));
			long lag = 0;
			for (var entry : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
				OffsetAndMetadata done = committed.get(entry.getKey());
				lag += entry.getValue().offset() - ((done != null) ? done.offset() : 0);
			}
			return lag;
		}
	}

	/**
	 * The stored {@code IncidentDeclared}, {@code ImpactReported} and
	 * {@code SignalReceived} events of every incident, in store order.
	 */
	static List<StoredEvent> storedSignalEvents(String mongoUri) {
		List<StoredEvent> events = new ArrayList<>();
		try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongoUri))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
			.applyToSocketSettings(
					(socket) -> socket.connectTimeout(5, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS))
			.build())) {
			for (Document document : client.getDatabase(LogComparison.EVENT_STORE_DATABASE)
				.getCollection(LogComparison.EVENT_STORE_COLLECTION)
				.find(Filters.in("payloadType", "IncidentDeclared", "ImpactReported", "SignalReceived"))) {
				events.add(new StoredEvent(document.getString("aggregateIdentifier"),
						((Number) document.get("sequenceNumber")).longValue(), document.getString("payloadType"),
						Api.JSON.readTree(document.getString("serializedPayload"))));
			}
		}
		return events;
	}

	/**
	 * The last sequence the store holds for the incident.
	 */
	static long lastSequence(String mongoUri, String incidentId) {
		return LogComparison.lastSequences(LogComparison.eventStore(mongoUri, List.of(incidentId))).get(incidentId);
	}

}
