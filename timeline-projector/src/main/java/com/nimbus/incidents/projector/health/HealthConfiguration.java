package com.nimbus.incidents.projector.health;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.projector.gap.GapMonitor;
import com.nimbus.incidents.support.health.KafkaHealthIndicator;
import com.nimbus.incidents.support.health.StoreHealthIndicator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health: the read-model store answers a ping; Kafka answers, or the service is DEGRADED
 * (it keeps serving, the projection waits for Kafka); the projector's thread is alive; no
 * gap in an incident's sequence has stayed open past {@code projector.gap-alert-after}.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean("readModelStore")
	StoreHealthIndicator storeHealth(MongoClient mongo, @Value("${spring.mongodb.database}") String database) {
		return new StoreHealthIndicator(mongo, database);
	}

	@Bean("projectorThread")
	ProjectorThreadHealthIndicator projectorThreadHealth(ProjectorLoop loop) {
		return new ProjectorThreadHealthIndicator(loop);
	}

	@Bean("projectionGaps")
	GapHealthIndicator gapHealth(GapMonitor monitor) {
		return new GapHealthIndicator(monitor);
	}

	@Bean("kafka")
	KafkaHealthIndicator kafkaHealth(@Value("${kafka.bootstrap-servers}") String bootstrapServers) {
		return new KafkaHealthIndicator(bootstrapServers, "health-projector");
	}

}
