package com.nimbus.incidents.notifier.intake;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The notifier's consumer ({@code kafka.*}, the same keys the other services use).
 *
 * @param bootstrapServers the Kafka cluster
 * @param topic the incident event topic
 * @param groupId the notifier's own consumer group
 * @param maxPollRecords records per poll, and so per batch of store writes
 */
@ConfigurationProperties("kafka")
public record KafkaProperties(@DefaultValue("127.0.0.1:9092") String bootstrapServers,
		@DefaultValue("incident-events") String topic, @DefaultValue("notifier") String groupId,
		@DefaultValue("1000") int maxPollRecords) {

	Map<String, Object> consumerConfig(String clientId) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, this.groupId);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.maxPollRecords);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
		return config;
	}

}
