package com.nimbus.incidents.notifier.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbus.incidents.testinfra.TestInfrastructure;

/**
 * The notifier's API as a client calls it, with tokens of the test issuer.
 */
public final class Api {

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	private final String base;

	public Api(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** An answer: status, content type and body as a tree (null when empty). */
	public record Answer(int status, String contentType, JsonNode body) {
	}

	public static String token(String subject, String... roles) {
		return TestInfrastructure.issuer().token(subject, roles);
	}

	public Answer get(String path, String token) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET(), token);
	}

	public Answer post(String path, String body, String token) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), token);
	}

	public Answer delete(String path, String token) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE(), token);
	}

	private Answer send(HttpRequest.Builder request, String token) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(40)).build(),
					HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					(body == null || body.isEmpty()) ? null : this.json.readTree(body));
		}
		catch (Exception ex) {
			throw new IllegalStateException("The API did not answer " + request.build().uri() + ": " + ex, ex);
		}
	}

}
