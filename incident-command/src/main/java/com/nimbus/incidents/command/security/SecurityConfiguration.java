package com.nimbus.incidents.command.security;

import java.util.List;

import com.nimbus.incidents.support.security.ApiSecurity;
import com.nimbus.incidents.support.security.AuditLog;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every endpoint needs a signed token except health (see {@link ApiSecurity}). RESPONDER
 * writes incidents; FINANCE writes contracts; ADMIN reads the metrics and edits the
 * catalog.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, AuditLog audit, JsonMapper json) throws Exception {
		return ApiSecurity.build(http, audit, json, List.of(),
				(requests) -> requests.requestMatchers("/v3/api-docs", "/v3/api-docs/**")
					.authenticated()
					.requestMatchers(HttpMethod.POST, "/api/signals/triage/**")
					.hasRole("RESPONDER")
					.requestMatchers(HttpMethod.POST, "/api/signals", "/api/signals/alertmanager")
					.hasRole("MONITOR")
					.requestMatchers(HttpMethod.GET, "/api/signals")
					.hasAnyRole("RESPONDER", "VIEWER", "ADMIN")
					.requestMatchers(HttpMethod.POST, "/api/incidents", "/api/incidents/**")
					.hasRole("RESPONDER")
					.requestMatchers(HttpMethod.DELETE, "/api/incidents/**")
					.hasRole("RESPONDER")
					.requestMatchers(HttpMethod.PUT, "/api/contracts/**")
					.hasRole("FINANCE")
					.requestMatchers(HttpMethod.PUT, "/api/catalog")
					.hasRole("ADMIN"));
	}

}
