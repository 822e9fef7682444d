package com.nimbus.incidents.projector.consumer;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerPropertiesTest {

	@Test
	void theConsumerFetchesAtMostTheConfiguredBytes() {
		ConsumerProperties properties = bind(Map.of("kafka.max-partition-fetch-bytes", "65536", "kafka.fetch-max-bytes",
				"262144", "kafka.max-batch-bytes", "524288"));

		Map<String, Object> config = properties.consumerConfig("client-1");

		assertThat(config).containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 65536)
			.containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 262144)
			.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
			.containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "client-1");
		assertThat(properties.maxBatchBytes()).isEqualTo(524288);
	}

	@Test
	void theDefaultsCapAPollAtOneMebibytePerPartitionEightPerFetchAndSixteenPerBatch() {
		ConsumerProperties properties = bind(Map.of());

		assertThat(properties.consumerConfig("client-1"))
			.containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1 << 20)
			.containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 << 20)
			.containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		assertThat(properties.maxBatchBytes()).isEqualTo(16 << 20);
	}

	private static ConsumerProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("kafka", ConsumerProperties.class);
	}

}
