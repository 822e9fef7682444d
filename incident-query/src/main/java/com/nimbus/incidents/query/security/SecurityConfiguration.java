package com.nimbus.incidents.query.security;

import java.util.ArrayList;
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
 * Every endpoint needs a signed token except health, the public status page and its feed,
 * and the API documents with their Swagger UI (see {@link ApiSecurity}). VIEWER,
 * RESPONDER and CUSTOMER_SUCCESS read incidents and timelines; CUSTOMER_SUCCESS reads
 * impact and customer views; FINANCE reads SLA reports; ADMIN reads the metrics. Every
 * role but MONITOR reads the catalog.
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
		List<String> open = new ArrayList<>(List.of("/api/status", "/api/status/feed.atom"));
		open.addAll(API_DOCUMENTS);
		return ApiSecurity.build(http, audit, json, open,
				(requests) -> requests.requestMatchers(HttpMethod.GET, "/api/status", "/api/status/feed.atom")
					.permitAll()
					.requestMatchers(HttpMethod.GET, API_DOCUMENT_PATTERNS)
					.permitAll()
					.requestMatchers(HttpMethod.GET, "/api/incidents/*/impact", "/api/customers/**")
					.hasRole("CUSTOMER_SUCCESS")
					.requestMatchers(HttpMethod.GET, "/api/sla/**")
					.hasRole("FINANCE")
					.requestMatchers(HttpMethod.GET, "/api/catalog")
					.hasAnyRole("VIEWER", "RESPONDER", "CUSTOMER_SUCCESS", "FINANCE", "ADMIN")
					.requestMatchers(HttpMethod.GET, "/api/incidents", "/api/incidents/**")
					.hasAnyRole("VIEWER", "RESPONDER", "CUSTOMER_SUCCESS"));
	}

}
