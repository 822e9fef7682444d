package com.nimbus.incidents.support.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import tools.jackson.databind.json.JsonMapper;

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

/**
 * Keys from the issuer's JWKS, as in production: both cache lifetimes are wired into the
 * decoder Spring Boot builds. With them at zero a key the issuer rotates out is refused
 * on the next request; with Spring's own JWKS cache, or a remembered verification, it
 * would still pass for minutes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "server.address=127.0.0.1",
		"security.token.jwks-cache-ttl=0s", "security.token.verified-cache-ttl=0s" })
class KeyRotationTest {

	private static final RSAKey OLD_KEY = rsa("old");

	private static final RSAKey NEW_KEY = rsa("new");

	private static final AtomicReference<JWKSet> PUBLISHED = new AtomicReference<>(new JWKSet(OLD_KEY.toPublicJWK()));

	private static final HttpServer ISSUER = jwks();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void jwkSetUri(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
				() -> "http://127.0.0.1:" + ISSUER.getAddress().getPort() + "/jwks.json");
	}

	@AfterAll
	static void stopIssuer() {
		ISSUER.stop(0);
	}

	@Test
	void aKeyRotatedOutOfTheJwksIsRefusedOnceTheCachesHaveLapsed() throws Exception {
		String signedWithOldKey = token(OLD_KEY);
		assertThat(status(signedWithOldKey)).isEqualTo(200);

		PUBLISHED.set(new JWKSet(NEW_KEY.toPublicJWK()));

		assertThat(status(signedWithOldKey)).isEqualTo(401);
		assertThat(status(token(NEW_KEY))).isEqualTo(200);
	}

	private int status(String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/ping"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static String token(RSAKey key) throws JOSEException {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(TokenProperties.LOCAL_ISSUER)
					.audience(TokenProperties.LOCAL_AUDIENCE)
					.subject("alice@example.com")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(3600)))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static RSAKey rsa(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The issuer's JWKS endpoint, publishing whatever {@link #PUBLISHED} holds.
	 */
	private static HttpServer jwks() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/jwks.json", (exchange) -> {
				byte[] body = PUBLISHED.get().toString().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
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
			String ping() {
				return "pong";
			}

		}

	}

}
