package com.nimbus.incidents.support.security;

import java.time.Clock;

import com.mongodb.client.MongoClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Every service with a store keeps its {@link AuditLog} in its own database's
 * {@code audit_log}, stamped with the service's clock and name.
 */
@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration")
@ConditionalOnClass(MongoClient.class)
public class AuditLogAutoConfiguration {

	@Bean
	@ConditionalOnBean(MongoClient.class)
	@ConditionalOnMissingBean
	AuditLog auditLog(MongoClient mongo, @Value("${spring.mongodb.database}") String database,
			ObjectProvider<Clock> clock, @Value("${spring.application.name}") String service) {
		return new AuditLog(mongo, database, clock.getIfAvailable(Clock::systemUTC), service);
	}

}
