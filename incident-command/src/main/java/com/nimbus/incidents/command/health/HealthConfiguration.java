package com.nimbus.incidents.command.health;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.support.health.KafkaHealthIndicator;
import com.nimbus.incidents.support.health.StoreHealthIndicator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health: the event store answers a ping; Kafka answers, or the service is DEGRADED (it
 * keeps serving, events wait for Kafka).
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean("eventStore")
	StoreHealthIndicator storeHealth(MongoClient mongo, @Value("${spring.mongodb.database}") String database) {
		return new StoreHealthIndicator(mongo, database);
	}

	@Bean("kafka")
	KafkaHealthIndicator kafkaHealth(@Value("${kafka.bootstrap-servers}") String bootstrapServers) {
		return new KafkaHealthIndicator(bootstrapServers, "health-command");
	}

}
