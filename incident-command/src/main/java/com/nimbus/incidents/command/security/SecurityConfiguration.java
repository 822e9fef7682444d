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
 * Every endpoint needs a signed token except health and the API documents with their
 * Swagger UI (see {@link ApiSecurity}). RESPONDER writes incidents; FINANCE writes
 * contracts; ADMIN reads the metrics and edits the catalog.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * The OpenAPI documents and the Swagger UI's page, open to everyone: a token sent
	 * there is not looked at.
	 */
	static final List<String> API_DOCUMENTS = List.of("/v3/api-docs", "/v3/api-docs.yaml",
			"/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui/index.html");

	/** The documents and the Swagger UI with its scripts and styles. */
	static final String[] API_DOCUMENT_PATTERNS = { "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**",
			"/swagger-ui.html", "/swagger-ui/**" };

	@Bean
	SecurityFilterChain api(HttpSecurity http, AuditLog audit, JsonMapper json) throws Exception {
		return ApiSecurity.build(http, audit, json, API_DOCUMENTS,
				(requests) -> requests.requestMatchers(HttpMethod.GET, API_DOCUMENT_PATTERNS)
					.permitAll()
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
