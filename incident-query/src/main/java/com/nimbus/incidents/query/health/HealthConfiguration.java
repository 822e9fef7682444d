package com.nimbus.incidents.query.health;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.support.health.StoreHealthIndicator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health: the read-model store answers a ping.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean("readModelStore")
	StoreHealthIndicator storeHealth(MongoClient mongo, @Value("${spring.mongodb.database}") String database) {
		return new StoreHealthIndicator(mongo, database);
	}

}
