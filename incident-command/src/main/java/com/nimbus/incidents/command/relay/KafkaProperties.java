package com.nimbus.incidents.command.relay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the relay delivers events.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topic the incident event topic
 * @param contractTopic the contract event topic
 * @param partitions partitions of the topic when the relay creates it
 * @param replicationFactor replication of the topic when the relay creates it
 * @param createTopic whether the relay creates the topic when it is missing
 * @param signalTopic the topic of accepted monitoring signals (signals.md)
 */
@ConfigurationProperties("kafka")
public record KafkaProperties(@DefaultValue("127.0.0.1:9092") String bootstrapServers,
		@DefaultValue("incident-events") String topic, @DefaultValue("contract-events") String contractTopic,
		@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("true") boolean createTopic, @DefaultValue("signals") String signalTopic) {

}
