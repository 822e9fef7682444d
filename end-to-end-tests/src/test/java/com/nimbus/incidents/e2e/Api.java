package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API as a client sees it. Waits for the read side by polling for a version,
 * never by sleeping.
 */
final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	record Response(int status, JsonNode body, String text) {
	}

	/** The bearer token the calls of a test class carry. */
	static volatile String bearer;

	private Api() {
	}

	private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return (bearer != null) ? request.header("Authorization", "Bearer " + bearer) : request;
	}

	static Response post(String url, String json) throws IOException, InterruptedException {
		return send(authorized(HttpRequest.newBuilder(URI.create(url))).header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	static Response getCsv(String url) throws IOException, InterruptedException {
		return send(authorized(HttpRequest.newBuilder(URI.create(url))).header("Accept", "text/csv")
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build());
	}

	static Response get(String url) throws IOException, InterruptedException {
		return send(authorized(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofSeconds(30)).GET().build());
	}

	/**
	 * Any call, with the given token or none, for the access tests.
	 */
	static Response call(String method, String url, String json, String token)
			throws IOException, InterruptedException {
		return call(method, url, json, token, null);
	}

	static Response call(String method, String url, String json, String token, String ifMatch)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return send(
				request
					.method(method,
							(json != null) ? HttpRequest.BodyPublishers.ofString(json)
									: HttpRequest.BodyPublishers.noBody())
					.build());
	}

	private static Response send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		JsonNode body = null;
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		if (contentType.contains("json") && !response.body().isEmpty()) {
			body = JSON.readTree(response.body());
		}
		return new Response(response.statusCode(), body, response.body());
	}

	static JsonNode accepted(Response response) {
		if (response.status() / 100 != 2) {
			throw new AssertionError("Expected success, got " + response.status() + ": " + response.text());
		}
		return response.body();
	}

	/**
	 * Polls {@code url} until it answers with a {@code version} of at least the given
	 * one.
	 */
	static JsonNode awaitVersion(String url, long version) {
		return awaitVersion(url, version, Duration.ofSeconds(60));
	}

	/**
	 * Polls {@code url} until it answers with a {@code version} of at least the given
	 * one, for at most the given time.
	 */
	static JsonNode awaitVersion(String url, long version, Duration atMost) {
		JsonNode[] last = new JsonNode[1];
		Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
			Response response = get(url);
			if (response.status() == 200 && response.body().get("version").asLong() >= version) {
				last[0] = response.body();
				return true;
			}
			return false;
		});
		return last[0];
	}

}
