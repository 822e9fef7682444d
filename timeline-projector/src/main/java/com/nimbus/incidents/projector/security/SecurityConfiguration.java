package com.nimbus.incidents.projector.security;

import java.util.List;

import com.nimbus.incidents.support.security.ApiSecurity;
import com.nimbus.incidents.support.security.AuditLog;
import tools.jackson.databind.json.JsonMapper;

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
	SecurityFilterChain api(HttpSecurity http, AuditLog audit, JsonMapper json) throws Exception {
		return ApiSecurity.build(http, audit, json, List.of(),
				(requests) -> requests.requestMatchers("/admin/**").hasRole("ADMIN"));
	}

}
