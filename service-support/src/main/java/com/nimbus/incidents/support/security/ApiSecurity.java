package com.nimbus.incidents.support.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.nimbus.incidents.support.web.ProblemTypes;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The security every service shares: a signed bearer token (OAuth2 resource server, JWT)
 * whose {@code roles} claim gives the caller's roles and whose subject is the caller;
 * health and {@code /error} open; the metrics for ADMIN; then the service's own rules;
 * anything else refused. A missing or bad token gets 401, a wrong role 403, both as
 * problem details and in the audit log. A token is good when its signature, issuer,
 * audience and expiry are (see {@link TokenValidationAutoConfiguration}).
 * <p>
 * Health answers anyone with its status; its components and their details need an ADMIN
 * token ({@code management.endpoint.health.show-details: when-authorized}), so a token
 * sent to health is read, and a bad one is refused there like anywhere else. A probe
 * sends none.
 */
public final class ApiSecurity {

	/** The token claim that lists the caller's roles. */
	public static final String ROLES_CLAIM = "roles";

	private static final List<String> ALWAYS_OPEN = List.of("/actuator/info");

	private ApiSecurity() {
	}

	/**
	 * @param publicPaths paths the service's rules open to everyone: a token sent there
	 * is not looked at, so they answer whatever the caller's token is worth
	 * @param rules the service's own rules, between the shared ones and "refuse the rest"
	 */
	public static SecurityFilterChain build(HttpSecurity http, AuditLog audit, JsonMapper json,
			List<String> publicPaths,
			Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
			throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error")
					.permitAll()
					.requestMatchers("/actuator/prometheus")
					.hasRole("ADMIN");
				rules.customize(requests);
				requests.anyRequest().denyAll();
			})
			.oauth2ResourceServer((server) -> server.bearerTokenResolver(ignoringPublicPaths(publicPaths))
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(rolesOfTheToken()))
				.authenticationEntryPoint((request, response, ex) -> {
					audit.record(request, "anonymous", List.of(), "DENIED_401", ex.getMessage());
					problem(json, response, 401, "unauthenticated", "Sign in first",
							"This endpoint needs a valid bearer token: " + ex.getMessage());
				})
				.accessDeniedHandler((request, response, ex) -> denied(audit, json, request, response)))
			.exceptionHandling((handling) -> handling
				.accessDeniedHandler((request, response, ex) -> denied(audit, json, request, response)));
		return http.build();
	}

	/**
	 * The caller's roles, without the {@code ROLE_} prefix.
	 */
	public static List<String> roles(Authentication caller) {
		return (caller != null) ? caller.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring("ROLE_".length()))
			.toList() : List.of();
	}

	private static void denied(AuditLog audit, JsonMapper json, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		List<String> roles = roles(caller);
		String who = (caller != null) ? caller.getName() : "anonymous";
		audit.record(request, who, roles, "DENIED_403", "role not allowed");
		problem(json, response, 403, "forbidden", "Not allowed",
				"The roles of " + who + " " + roles + " do not allow this request");
	}

	private static BearerTokenResolver ignoringPublicPaths(List<String> publicPaths) {
		DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
		return (request) -> {
			String path = request.getRequestURI();
			boolean open = ALWAYS_OPEN.contains(path) || publicPaths.contains(path);
			return open ? null : tokens.resolve(request);
		};
	}

	private static JwtAuthenticationConverter rolesOfTheToken() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	private static void problem(JsonMapper json, HttpServletResponse response, int status, String type, String title,
			String detail) throws IOException {
		response.setStatus(status);
		response.setContentType("application/problem+json");
		if (status == 401) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		response.getOutputStream()
			.write(json.writeValueAsBytes(
					Map.of("type", ProblemTypes.BASE + type, "title", title, "status", status, "detail", detail)));
	}

}
