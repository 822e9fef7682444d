package com.nimbus.incidents.support.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;

/**
 * The shared security chain with the decoder Spring Boot builds from a public key and the
 * rules every service gets: each kind of bad token is a 401 problem detail and an audit
 * entry; health shows its components to ADMIN only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-details=when-authorized", "management.endpoint.health.roles=ADMIN",
				// no store runs here: the security chain is under test, not the store
				"management.health.mongodb.enabled=false" })
class TokenRefusalTest {

	private static final KeyPair ISSUER_KEYS = rsa();

	private static final KeyPair STRANGER_KEYS = rsa();

	@LocalServerPort
	int port;

	@Autowired
	AuditLog audit;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void publicKey(DynamicPropertyRegistry registry) throws IOException {
		Path file = Files.createTempDirectory("issuer").resolve("jwt-public.pem");
		Files.writeString(file,
				"-----BEGIN PUBLIC KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(ISSUER_KEYS.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + file);
	}

	@BeforeEach
	void forgetAudit() {
		Mockito.clearInvocations(this.audit);
	}

	@Test
	void aTokenWithIssuerAudienceAndExpiryIsAccepted() throws Exception {
		HttpResponse<String> response = get("/api/ping", token(ISSUER_KEYS, (claims) -> {
		}));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("pong alice@example.com");
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
		assertRefused(token(STRANGER_KEYS, (claims) -> {
		}), "Signed JWT rejected");
	}

	@Test
	void aTokenFromAnotherIssuerIsRefused() throws Exception {
		assertRefused(token(ISSUER_KEYS, (claims) -> claims.issuer("https://evil.example")), "iss");
	}

	@Test
	void aTokenForAnotherAudienceIsRefused() throws Exception {
		assertRefused(token(ISSUER_KEYS, (claims) -> claims.audience("someone-else")), "aud");
	}

	@Test
	void anExpiredTokenIsRefused() throws Exception {
		assertRefused(token(ISSUER_KEYS,
				(claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(7200)))
					.notBeforeTime(Date.from(Instant.now().minusSeconds(7200)))
					.expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
				"expired");
	}

	@Test
	void aTokenWithoutExpiryIsRefused() throws Exception {
		assertRefused(token(ISSUER_KEYS, (claims) -> claims.expirationTime(null)), "no exp claim");
	}

	@Test
	void anonymousHealthCarriesTheStatusOnly() throws Exception {
		HttpResponse<String> response = get("/actuator/health", null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = this.json.readTree(response.body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.has("components")).isFalse();
		assertThat(health.has("details")).isFalse();
	}

	@Test
	void healthForAViewerCarriesTheStatusOnly() throws Exception {
		JsonNode health = this.json
			.readTree(get("/actuator/health", token(ISSUER_KEYS, (claims) -> claims.claim("roles", List.of("VIEWER"))))
				.body());

		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.has("components")).isFalse();
	}

	@Test
	void healthForAnAdministratorCarriesItsComponents() throws Exception {
		JsonNode health = this.json.readTree(get("/actuator/health", token(ISSUER_KEYS, (claims) -> {
		})).body());

		assertThat(health.get("status").asString()).as(health.toString()).isEqualTo("UP");
		assertThat(health.get("components").get("ping").get("status").asString()).isEqualTo("UP");
	}

	private void assertRefused(String token, String reason) throws Exception {
		HttpResponse<String> response = get("/api/ping", token);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString())
			.isEqualTo("https://incidents.nimbus.example/problems/unauthenticated");
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("title").asString()).isEqualTo("Sign in first");
		assertThat(problem.get("detail").asString()).contains(reason);
		verify(this.audit).record(any(), eq("anonymous"), eq(List.of()), eq("DENIED_401"), contains(reason));
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A token as the local issuer makes it (ADMIN, our issuer and audience, an hour
	 * left), changed by {@code change} and signed with {@code keys}.
	 */
	private static String token(KeyPair keys, Consumer<JWTClaimsSet.Builder> change) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(TokenProperties.LOCAL_ISSUER)
			.audience(TokenProperties.LOCAL_AUDIENCE)
			.subject("alice@example.com")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)))
			.claim("roles", List.of("ADMIN"));
		change.accept(claims);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims.build());
		jwt.sign(new RSASSASigner(keys.getPrivate()));
		return jwt.serialize();
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Service {

		@Bean
		AuditLog auditLog() {
			return Mockito.mock(AuditLog.class);
		}

		@Bean
		SecurityFilterChain api(HttpSecurity http, AuditLog audit, JsonMapper json) throws Exception {
			return ApiSecurity.build(http, audit, json, List.of(),
					(requests) -> requests.requestMatchers("/api/ping").authenticated());
		}

		@RestController
		static class Ping {

			@GetMapping("/api/ping")
			String ping(java.security.Principal caller) {
				return "pong " + caller.getName();
			}

		}

	}

}
