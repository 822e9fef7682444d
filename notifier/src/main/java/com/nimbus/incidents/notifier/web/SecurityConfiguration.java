package com.nimbus.incidents.notifier.web;

import java.util.List;

import com.nimbus.incidents.support.security.ApiSecurity;
import com.nimbus.incidents.support.security.AuditLog;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every endpoint needs a signed token (see {@link ApiSecurity}); RESPONDER and ADMIN
 * manage subscriptions, each their own (ADMIN sees all).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, AuditLog audit, JsonMapper json) throws Exception {
		return ApiSecurity.build(http, audit, json, List.of(),
				(requests) -> requests.requestMatchers("/v3/api-docs", "/v3/api-docs/**")
					.authenticated()
					.requestMatchers("/api/subscriptions", "/api/subscriptions/**")
					.hasAnyRole("RESPONDER", "ADMIN"));
	}

}
