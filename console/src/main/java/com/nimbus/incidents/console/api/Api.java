package com.nimbus.incidents.console.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import com.nimbus.incidents.console.ConsoleProperties;
import com.nimbus.incidents.console.signin.ApiTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The console's calls to incident-command, incident-query and the notifier, with the
 * signed-in user's token. Every answer comes back as it is, problem details included, for
 * the page to show.
 */
@Component
public class Api {

	private final RestClient command;

	private final RestClient query;

	private final RestClient notifier;

	private final String commandUrl;

	private final String notifierUrl;

	private final String queryUrl;

	private final ApiTokens tokens;

	private final JsonMapper json;

	public Api(ConsoleProperties properties, ApiTokens tokens, JsonMapper json) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(3));
		requests.setReadTimeout(Duration.ofSeconds(30));
		this.command = RestClient.builder()
			.baseUrl(properties.commandUrl())
			.requestFactory(requests)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
		this.query = RestClient.builder()
			.baseUrl(properties.queryUrl())
			.requestFactory(requests)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
		this.notifier = RestClient.builder()
			.baseUrl(properties.notifierUrl())
			.requestFactory(requests)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
		this.commandUrl = properties.commandUrl();
		this.notifierUrl = properties.notifierUrl();
		this.queryUrl = properties.queryUrl();
		this.tokens = tokens;
		this.json = json;
	}

	/**
	 * An answer: its status, its JSON body (or a problem detail), its text.
	 */
	public record Answer(int status, JsonNode body, String text) {

		public boolean ok() {
			return this.status / 100 == 2;
		}

		/**
		 * The problem's field errors, by field, for the form that sent the request.
		 */
		public Map<String, String> fieldErrors() {
			Map<String, String> errors = new LinkedHashMap<>();
			if (this.body != null && this.body.has("errors")) {
				this.body.get("errors")
					.forEach((error) -> errors.merge(error.get("field").asString(), error.get("message").asString(),
							(a, b) -> a + "; " + b));
			}
			return errors;
		}

		/**
		 * The body as plain maps, lists and values, for the templates.
		 */
		public Object data() {
			return plain(this.body);
		}

		public String detail() {
			return (this.body != null && this.body.has("detail")) ? this.body.get("detail").asString()
					: "The request failed (" + this.status + ")";
		}

	}

	/**
	 * A JSON tree as plain maps, lists, strings, numbers and booleans.
	 */
	public static Object plain(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			node.properties().forEach((entry) -> map.put(entry.getKey(), plain(entry.getValue())));
			return map;
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>();
			node.forEach((item) -> list.add(plain(item)));
			return list;
		}
		if (node.isNumber()) {
			return node.decimalValue();
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		return node.asString();
	}

	public Answer read(String path) {
		return send(this.query, HttpMethod.GET, path, null, MediaType.APPLICATION_JSON);
	}

	/**
	 * A read that only incident-command answers (the signals waiting for triage).
	 */
	public Answer readCommand(String path) {
		return send(this.command, HttpMethod.GET, path, null, MediaType.APPLICATION_JSON);
	}

	/**
	 * The roles the APIs will see in the signed-in user's token, for a page to offer only
	 * the forms the user may send; the APIs still decide.
	 */
	public Set<String> roles() {
		return this.tokens.roles();
	}

	public Answer readText(String path, MediaType accept) {
		return send(this.query, HttpMethod.GET, path, null, accept);
	}

	/**
	 * A public document of incident-query (the status page, its feed), read without a
	 * token and conditionally: with {@code ifNoneMatch} a {@code 304} comes back without
	 * a body.
	 * @param ifNoneMatch the entity tag last seen, or {@code null}
	 */
	public Document readPublicDocument(String path, String ifNoneMatch) {
		RestClient.RequestHeadersSpec<?> request = this.query.get().uri(URI.create(this.queryUrl + path));
		if (ifNoneMatch != null) {
			request.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
		}
		ResponseEntity<byte[]> response = request.retrieve().toEntity(byte[].class);
		HttpHeaders headers = response.getHeaders();
		MediaType type = headers.getContentType();
		return new Document(response.getStatusCode().value(), headers.getETag(),
				(type != null) ? type.toString() : null, headers.getCacheControl(),
				(response.getBody() != null) ? response.getBody() : new byte[0]);
	}

	/**
	 * A public document as incident-query answered it.
	 *
	 * @param etag its entity tag, or {@code null}
	 * @param contentType or {@code null}
	 * @param cacheControl or {@code null}
	 */
	public record Document(int status, String etag, String contentType, String cacheControl, byte[] body) {

	}

	/**
	 * Reads are eventually consistent: after writing version {@code version}, wait (up to
	 * {@code patience}) until the incident's summary shows it, so the page the user is
	 * sent to shows what they just recorded. Gives up quietly; the live timeline catches
	 * up.
	 */
	public void awaitVersion(String incidentId, long version, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		String path = "/api/incidents/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8);
		while (System.nanoTime() < deadline) {
			Answer summary = read(path);
			if (summary.ok() && summary.body().path("version").asLong(-1) >= version) {
				return;
			}
			LockSupport.parkNanos(Duration.ofMillis(40).toNanos());
		}
	}

	public Answer write(HttpMethod method, String path, Object body) {
		return send(this.command, method, path, body, MediaType.APPLICATION_JSON);
	}

	/**
	 * A call to the notifier ({@code console.notifier-url}): subscriptions, their tests
	 * and deliveries.
	 */
	public Answer notifier(HttpMethod method, String path, Object body) {
		return send(this.notifier, method, path, body, MediaType.APPLICATION_JSON);
	}

	private Answer send(RestClient client, HttpMethod method, String path, Object body, MediaType accept) {
		String base = (client == this.command) ? this.commandUrl
				: (client == this.notifier) ? this.notifierUrl : this.queryUrl;
		RestClient.RequestBodySpec request = client.method(method).uri(URI.create(base + path)).accept(accept);
		String token = this.tokens.current();
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(body));
		}
		return answer(request.retrieve().toEntity(String.class));
	}

	private Answer answer(ResponseEntity<String> response) {
		String text = (response.getBody() != null) ? response.getBody() : "";
		JsonNode body = null;
		MediaType type = response.getHeaders().getContentType();
		if (type != null && type.getSubtype().contains("json") && !text.isBlank()) {
			body = this.json.readTree(text);
		}
		return new Answer(response.getStatusCode().value(), body, text);
	}

}
