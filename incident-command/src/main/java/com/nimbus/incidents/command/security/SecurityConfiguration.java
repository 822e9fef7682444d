package com.nimbus.incidents.command.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every endpoint needs a signed token (OAuth2 resource server, JWT) except health.
 * RESPONDER writes incidents; FINANCE writes contracts; ADMIN reads the metrics. A
 * missing or bad token gets 401, a wrong role 403, both as problem details and in the
 * audit log.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String ROLES_CLAIM = "roles";

	@Bean
	SecurityFilterChain api(HttpSecurity http, AuditLog audit, JsonMapper json) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error")
				.permitAll()
				.requestMatchers("/actuator/prometheus")
				.hasRole("ADMIN")
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**")
				.authenticated()
				.requestMatchers(HttpMethod.POST, "/api/incidents", "/api/incidents/**")
				.hasRole("RESPONDER")
				.requestMatchers(HttpMethod.DELETE, "/api/incidents/**")
				.hasRole("RESPONDER")
				.requestMatchers(HttpMethod.PUT, "/api/contracts/**")
				.hasRole("FINANCE")
				.anyRequest()
				.denyAll())
			.oauth2ResourceServer((server) -> server.bearerTokenResolver(ignoringPublicPaths())
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(roles()))
				.authenticationEntryPoint((request, response, ex) -> {
					audit.record(request, "anonymous", List.of(), "DENIED_401", ex.getMessage());
					problem(json, response, 401, "unauthenticated", "Sign in first",
							"This endpoint needs a valid bearer token: " + ex.getMessage());
				})
				.accessDeniedHandler((request, response, ex) -> {
					denied(audit, json, request, response);
				}))
			.exceptionHandling((handling) -> handling.accessDeniedHandler((request, response, ex) -> {
				denied(audit, json, request, response);
			}));
		return http.build();
	}

	private static void denied(AuditLog audit, JsonMapper json, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		List<String> roles = (caller != null) ? caller.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring("ROLE_".length()))
			.toList() : List.of();
		String who = (caller != null) ? caller.getName() : "anonymous";
		audit.record(request, who, roles, "DENIED_403", "role not allowed");
		problem(json, response, 403, "forbidden", "Not allowed",
				"The roles of " + who + " " + roles + " do not allow this request");
	}

	/**
	 * A token sent to a public endpoint is not looked at: a health check or a status page
	 * answers whatever the caller's token is worth.
	 */
	private static BearerTokenResolver ignoringPublicPaths() {
		DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
		List<String> open = List.of("/actuator/health", "/actuator/info");
		return (request) -> (open.contains(request.getRequestURI())
				|| request.getRequestURI().startsWith("/actuator/health/")) ? null : tokens.resolve(request);
	}

	/**
	 * Authorities from the token's {@code roles} claim, as {@code ROLE_...}; the caller's
	 * name is the token's subject.
	 */
	private static JwtAuthenticationConverter roles() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	static void problem(JsonMapper json, HttpServletResponse response, int status, String type, String title,
			String detail) throws IOException {
		response.setStatus(status);
		response.setContentType("application/problem+json");
		if (status == 401) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		response.getOutputStream()
			.write(json.writeValueAsBytes(Map.of("type", "https://incidents.nimbus.example/problems/" + type, "title",
					title, "status", status, "detail", detail)));
	}

}
