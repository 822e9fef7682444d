package com.nimbus.incidents.projector.consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bootstrapServers the Kafka cluster
 * @param topic the incident event topic
 * @param contractTopic the contract event topic
 * @param groupId the consumer group; instances of the projector share it and split the
 * partitions
 * @param maxPollRecords records per poll, and so per bulk write
 */
@ConfigurationProperties("kafka")
public record ConsumerProperties(@DefaultValue("127.0.0.1:9092") String bootstrapServers,
		@DefaultValue("incident-events") String topic, @DefaultValue("contract-events") String contractTopic,
		@DefaultValue("timeline-projector") String groupId, @DefaultValue("1000") int maxPollRecords) {

}
