package com.nimbus.incidents.command.relay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the event topics when they are missing (and {@code kafka.create-topic} allows
 * it): kept forever, {@code min.insync.replicas} one below the replication factor.
 */
class Topics {

	private static final Logger log = LoggerFactory.getLogger(Topics.class);

	private final KafkaProperties properties;

	Topics(KafkaProperties properties) {
		this.properties = properties;
	}

	void ensure() {
		if (!this.properties.createTopic()) {
			return;
		}
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.properties.bootstrapServers(), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
			for (String name : List.of(this.properties.topic(), this.properties.contractTopic(),
					this.properties.signalTopic())) {
				create(admin, name);
			}
		}
	}

	private void create(Admin admin, String name) {
		NewTopic topic = new NewTopic(name, this.properties.partitions(), this.properties.replicationFactor())
			.configs(Map.of("retention.ms", "-1", "min.insync.replicas",
					String.valueOf(Math.min(2, Math.max(1, this.properties.replicationFactor() - 1)))));
		try {
			admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
			log.info("Created topic {}", name);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Cannot create topic " + name, ex.getCause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer while creating " + name, ex);
		}
	}

}
