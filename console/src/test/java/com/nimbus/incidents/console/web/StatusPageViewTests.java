package com.nimbus.incidents.console.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public status page of the console, rendered from a status page as incident-query
 * serves it: the components, every public update of an active incident, the uptime of
 * each day and the resolved incidents of the last 90 days.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusPageViewTests {

	private static final String DAILY = String.join(",", Collections.nCopies(89, "\"1.0000\"")) + ",\"0.7500\"";

	private static final String PAGE = """
			{"generatedAt":"2026-11-30T12:00:00Z","overall":"MAJOR_OUTAGE",
			 "services":[{"service":"dns","region":"us-east-1","status":"MAJOR_OUTAGE","incidents":[
			   {"title":"DNS failures","level":"MAJOR_OUTAGE","since":"2026-11-30T06:00:00Z","latestStatus":"IDENTIFIED",
			    "latestMessage":"Found the cause","latestUpdateAt":"2026-11-30T07:00:00Z","updates":[
			     {"status":"INVESTIGATING","message":"Looking into DNS","occurredAt":"2026-11-30T06:10:00Z"},
			     {"status":"IDENTIFIED","message":"Found the cause","occurredAt":"2026-11-30T07:00:00Z"}]}]}],
			 "history":[{"title":"Slow uploads","resolvedAt":"2026-11-20T18:00:00Z",
			   "updates":[{"status":"RESOLVED","message":"Uploads are fast again","occurredAt":"2026-11-20T18:00:00Z"}],
			   "windows":[{"service":"object-storage","region":"eu-west-1","level":"PARTIAL_OUTAGE",
			     "startedAt":"2026-11-20T12:00:00Z","endedAt":"2026-11-20T18:00:00Z"}]}],
			 "uptime":[{"service":"dns","region":"us-east-1","from":"2026-09-02","daily":[%s]}]}
			"""
		.formatted(DAILY);

	private static final HttpServer query = stub();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void apis(DynamicPropertyRegistry registry) throws IOException, NoSuchAlgorithmException {
		// local sign-in, as ./platform up runs the console
		Path keys = Files.createTempDirectory("console-keys");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		Files.writeString(keys.resolve("jwt-private.pem"),
				"-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n");
		registry.add("console.local-key-dir", keys::toString);
		String url = "http://127.0.0.1:" + query.getAddress().getPort();
		registry.add("console.command-url", () -> url);
		registry.add("console.query-url", () -> url);
	}

	private static HttpServer stub() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/api/status", (exchange) -> {
				byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() {
		query.stop(0);
	}

	@Test
	void theStatusPageShowsUpdatesUptimeAndHistory() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/status")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Some services are affected (MAJOR_OUTAGE)")
			.contains("Looking into DNS")
			.contains("Found the cause")
			.contains("Uptime, last 90 days (UTC)")
			.contains("99.72 %")
			.contains("title=\"2026-11-30: 0.7500\"")
			.contains("class=\"day down\"")
			.contains("Resolved in the last 90 days")
			.contains("Slow uploads")
			.contains("object-storage eu-west-1: PARTIAL_OUTAGE")
			.contains("Uploads are fast again");
	}

}
