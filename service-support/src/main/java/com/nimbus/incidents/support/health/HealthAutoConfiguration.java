package com.nimbus.incidents.support.health;

import com.mongodb.client.MongoClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The health checks the services share: the store answers a ping, under the name the
 * service gives it ({@code service-support.health.store}: {@code eventStore},
 * {@code readModelStore}); and, where the service names a Kafka client for it
 * ({@code service-support.health.kafka-client-id}), Kafka answers as {@code kafka} or the
 * service is DEGRADED. The status order and HTTP mapping stay in each service's
 * {@code management.endpoint.health} settings.
 */
@AutoConfiguration
@ConditionalOnClass(MongoClient.class)
public class HealthAutoConfiguration {

	@Bean
	@ConditionalOnProperty("service-support.health.store")
	static BeanDefinitionRegistryPostProcessor storeHealthIndicator(Environment environment) {
		return (registry) -> {
			RootBeanDefinition store = new RootBeanDefinition(StoreHealthIndicator.class);
			store.getConstructorArgumentValues()
				.addIndexedArgumentValue(0, new RuntimeBeanReference(MongoClient.class));
			store.getConstructorArgumentValues()
				.addIndexedArgumentValue(1, environment.getRequiredProperty("spring.mongodb.database"));
			registry.registerBeanDefinition(environment.getRequiredProperty("service-support.health.store"), store);
		};
	}

	@Bean("kafka")
	@ConditionalOnProperty("service-support.health.kafka-client-id")
	KafkaHealthIndicator kafkaHealth(@Value("${kafka.bootstrap-servers}") String bootstrapServers,
			@Value("${service-support.health.kafka-client-id}") String clientId) {
		return new KafkaHealthIndicator(bootstrapServers, clientId);
	}

}
