package com.nimbus.incidents.projector.security;

import java.time.Clock;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.support.security.ApiSecurity;
import com.nimbus.incidents.support.security.AuditLog;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management port: health is open; the projection's administration (rebuild, dead
 * letters) and the metrics need ADMIN (see {@link ApiSecurity}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	AuditLog auditLog(MongoClient mongo, @Value("${spring.mongodb.database}") String database, Clock clock,
			@Value("${spring.application.name}") String service) {
		return new AuditLog(mongo, database, clock, service);
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http, AuditLog audit, JsonMapper json) throws Exception {
		return ApiSecurity.build(http, audit, json, List.of(),
				(requests) -> requests.requestMatchers("/admin/**").hasRole("ADMIN"));
	}

}
