package com.nimbus.incidents.console.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notifier on a real local HTTP server that answers as notifications.md's subscription
 * API does, keeping its subscriptions in memory: create (400 problem details naming the
 * field for a channel it does not know, a target that does not suit the channel, a
 * severity that is none; the secret of a webhook at creation only), list, one, pause,
 * resume, test (the outcome), deliveries, delete. Two subscriptions are there from the
 * start: one failing and one a 410 disabled, with deliveries. Every request is recorded
 * with its body and its Authorization header.
 */
final class NotifierTestApi implements AutoCloseable {

	record Request(String method, String uri, String body, String authorization) {
	}

	private static final Set<String> CHANNELS = Set.of("WEBHOOK", "SLACK", "EMAIL");

	private static final Set<String> SEVERITIES = Set.of("SEV1", "SEV2", "SEV3", "SEV4");

	private static final Pattern ONE = Pattern.compile("/api/subscriptions/([^/?]+)(/[a-z]+)?");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();

	private final AtomicInteger ids = new AtomicInteger(100);

	NotifierTestApi() {
		ObjectNode failing = view("SUB-FAILING", "Pager bridge", "WEBHOOK", "https://pager.example/hook");
		failing.put("failing", "2026-11-30T15:00:00Z");
		this.subscriptions.put("SUB-FAILING", failing);
		ObjectNode gone = view("SUB-GONE", "Old channel", "SLACK", "https://hooks.slack.example/T0/B0");
		gone.put("disabledAt", "2026-11-30T14:00:00Z");
		gone.put("disabledReason", "410 Gone");
		this.subscriptions.put("SUB-GONE", gone);
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	private ObjectNode view(String id, String name, String channel, String target) {
		ObjectNode view = this.json.createObjectNode();
		view.put("subscriptionId", id);
		if (name != null) {
			view.put("name", name);
		}
		view.put("channel", channel);
		view.put("target", target);
		ObjectNode filter = view.putObject("filter");
		filter.putArray("services");
		filter.putArray("regions");
		filter.putArray("types");
		filter.put("publicOnly", false);
		view.put("owner", "robin@nimbus.example");
		view.put("createdAt", "2026-11-30T12:00:00Z");
		view.put("paused", false);
		return view;
	}

	private synchronized void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String uri = exchange.getRequestURI().toString();
		String method = exchange.getRequestMethod();
		this.requests.add(new Request(method, uri, body, exchange.getRequestHeaders().getFirst("Authorization")));
		if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
			problem(exchange, 401, null, "A bearer token is needed");
			return;
		}
		if (uri.equals("/api/subscriptions")) {
			if (method.equals("POST")) {
				create(exchange, this.json.readTree(body));
			}
			else {
				send(exchange, 200, this.json.writeValueAsString(new ArrayList<>(this.subscriptions.values())));
			}
			return;
		}
		Matcher one = ONE.matcher(uri);
		ObjectNode subscription = one.matches() ? this.subscriptions.get(one.group(1)) : null;
		if (subscription == null) {
			problem(exchange, 404, null, "No subscription " + uri);
			return;
		}
		String action = (one.group(2) != null) ? one.group(2) : "";
		switch (method + " " + action) {
			case "GET " -> send(exchange, 200, subscription.toString());
			case "DELETE " -> {
				this.subscriptions.remove(one.group(1));
				exchange.sendResponseHeaders(204, -1);
				exchange.close();
			}
			case "POST /pause", "POST /resume" -> {
				subscription.put("paused", action.equals("/pause"));
				send(exchange, 200, subscription.toString());
			}
			case "POST /test" -> send(exchange, 200, subscription.path("target").asString().contains("pager")
					? "{\"result\":\"RETRY\",\"statusCode\":503,\"latencyMillis\":87,\"error\":\"503 Service Unavailable\"}"
					: "{\"result\":\"DELIVERED\",\"statusCode\":200,\"latencyMillis\":12,\"error\":null}");
			case "GET /deliveries" -> send(exchange, 200,
					"""
							{"subscriptionId":"%s","deliveries":[
							 {"eventId":"e-2","incidentId":"INC-7","sequence":2,"eventType":"ImpactReported","status":"RETRY",
							  "statusCode":503,"latencyMillis":87,"error":"503 Service Unavailable","attempt":2,
							  "at":"2026-11-30T15:02:10Z","replay":false},
							 {"eventId":"e-1","incidentId":"INC-7","sequence":1,"eventType":"StatusUpdatePosted","status":"DELIVERED",
							  "statusCode":200,"latencyMillis":15,"error":null,"attempt":1,"at":"2026-11-30T15:01:00Z","replay":false}]}
							"""
						.formatted(one.group(1)));
			default -> problem(exchange, 405, null, method + " " + uri + " is not allowed");
		}
	}

	private void create(HttpExchange exchange, JsonNode body) throws IOException {
		String channel = body.path("channel").asString("");
		String target = body.path("target").asString("");
		if (!CHANNELS.contains(channel)) {
			problem(exchange, 400, "channel", "channel must be one of [EMAIL, SLACK, WEBHOOK]");
			return;
		}
		boolean suits = channel.equals("EMAIL") ? target.matches("[^@\\s]+@[^@\\s]+")
				: target.startsWith("https://") || target.startsWith("http://127.0.0.1");
		if (!suits) {
			problem(exchange, 400, "target", channel.equals("EMAIL") ? "target must be an email address"
					: "target must be an https URL (or, locally, http://127.0.0.1)");
			return;
		}
		JsonNode filter = body.path("filter");
		if (filter.has("minSeverity") && !SEVERITIES.contains(filter.path("minSeverity").asString())) {
			problem(exchange, 400, "filter.minSeverity", "filter.minSeverity must be SEV1..SEV4");
			return;
		}
		String id = "SUB-" + this.ids.incrementAndGet();
		ObjectNode view = view(id, body.path("name").isString() ? body.path("name").asString() : null, channel, target);
		view.set("filter", filter);
		this.subscriptions.put(id, view);
		ObjectNode created = this.json.createObjectNode();
		created.put("subscriptionId", id);
		if (channel.equals("WEBHOOK")) {
			created.put("secret", "whsec-" + id + "-0123456789abcdef");
		}
		exchange.getResponseHeaders().set("Location", "/api/subscriptions/" + id);
		send(exchange, 201, created.toString());
	}

	private void problem(HttpExchange exchange, int status, String field, String detail) throws IOException {
		ObjectNode problem = this.json.createObjectNode();
		problem.put("type", "https://nimbus.example/problems/" + ((status == 400) ? "invalid-request" : "problem"));
		problem.put("status", status);
		problem.put("detail", detail);
		if (field != null) {
			ObjectNode error = problem.putArray("errors").addObject();
			error.put("field", field);
			error.put("message", detail);
		}
		byte[] bytes = problem.toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static void send(HttpExchange exchange, int status, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
