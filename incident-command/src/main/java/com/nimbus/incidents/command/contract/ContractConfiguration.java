package com.nimbus.incidents.command.contract;

import com.mongodb.client.MongoClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ContractConfiguration {

	@Bean
	ContractRegister contractRegister(MongoClient mongoClient, @Value("${spring.mongodb.database}") String database) {
		return ContractRegister.of(mongoClient.getDatabase(database));
	}

}
