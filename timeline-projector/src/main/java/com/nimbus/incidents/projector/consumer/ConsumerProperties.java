package com.nimbus.incidents.projector.consumer;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The projector's Kafka consumer. A poll is bounded in records and in bytes, so that a
 * few unusually large events cannot make one batch (held in memory, written in one bulk
 * write) grow without bound: Kafka returns at most {@code maxPartitionFetchBytes} per
 * partition and {@code fetchMaxBytes} per fetch request (one request per broker), the
 * loop applies at most {@code maxBatchBytes} at once and leaves the rest of the poll for
 * the next one. A single record larger than a cap still goes through, alone.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topic the incident event topic
 * @param contractTopic the contract event topic
 * @param groupId the consumer group; instances of the projector share it and split the
 * partitions
 * @param maxPollRecords records per poll, and so per bulk write
 * @param maxPartitionFetchBytes bytes fetched per partition per request (Kafka's
 * {@code max.partition.fetch.bytes}): 1 MiB, about a thousand incident events
 * @param fetchMaxBytes bytes fetched per request to a broker (Kafka's
 * {@code fetch.max.bytes}): 8 MiB, every partition of a small topic at once
 * @param maxBatchBytes keys and values the loop applies in one batch: 16 MiB
 */
@ConfigurationProperties("kafka")
public record ConsumerProperties(@DefaultValue("127.0.0.1:9092") String bootstrapServers,
		@DefaultValue("incident-events") String topic, @DefaultValue("contract-events") String contractTopic,
		@DefaultValue("timeline-projector") String groupId, @DefaultValue("1000") int maxPollRecords,
		@DefaultValue("1048576") int maxPartitionFetchBytes, @DefaultValue("8388608") int fetchMaxBytes,
		@DefaultValue("16777216") long maxBatchBytes) {

	/**
	 * The configuration of the loop's consumer.
	 */
	Map<String, Object> consumerConfig(String clientId) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, this.groupId);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.maxPollRecords);
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, this.maxPartitionFetchBytes);
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, this.fetchMaxBytes);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// a projector that dies hands its partitions on within seconds, not the default
		// 45
		config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
		return config;
	}

}
