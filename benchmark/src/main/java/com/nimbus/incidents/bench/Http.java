package com.nimbus.incidents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP client of every workload: one shared HTTP/1.1 client, as a load balancer or a
 * console would hold.
 */
final class Http {

	private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	record Response(int status, String body, long nanos) {

		boolean ok() {
			return this.status / 100 == 2;
		}

		long version() {
			Matcher matcher = VERSION.matcher(this.body);
			if (!matcher.find()) {
				throw new IllegalStateException("No version in " + this.body);
			}
			return Long.parseLong(matcher.group(1));
		}

	}

	Response send(String method, String url, String token, String jsonBody) {
		return send(method, url, token, jsonBody, "application/json");
	}

	Response send(String method, String url, String token, String jsonBody, String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token)
			.header("Accept", accept);
		if (jsonBody != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		long started = System.nanoTime();
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), System.nanoTime() - started);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + url + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	Response get(String url, String token) {
		return send("GET", url, token, null);
	}

	/**
	 * A request that must succeed: the harness measures working calls only.
	 */
	Response expectOk(String method, String url, String token, String jsonBody) {
		Response response = send(method, url, token, jsonBody);
		if (!response.ok()) {
			throw new IllegalStateException(
					method + " " + url + " answered " + response.status() + ": " + response.body());
		}
		return response;
	}

}
