package com.nimbus.incidents.console.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * incident-command and incident-query as far as one incident's pages need them: INC-7
 * open (a commander, a monitoring window, metrics as ISO durations, times with
 * milliseconds), INC-8 resolved with a draft that has tables, no INC-404, and a catalog
 * that can be switched off. Writes answer version 5 (INC-7) or 9 (INC-8), what the
 * summaries show, except an action without a description and an impact naming
 * {@code acme-typo}, which are refused as the API refuses them. Every request is recorded
 * with its body.
 */
final class IncidentStubApis implements AutoCloseable {

	static final String OPEN = """
			{"incidentId":"INC-7","version":5,"title":"Checkout latency in eu-west-1","summary":"p99 above 3 s",
			 "severity":"SEV2","status":"OPEN","declaredAt":"2026-11-30T14:05:31.123456789Z","resolvedAt":null,
			 "services":["checkout"],"regions":["eu-west-1"],
			 "responders":[{"person":"robin@nimbus.example","role":"COMMANDER"}],
			 "openImpacts":[{"impactId":"IMP-1","service":"checkout","region":"eu-west-1","level":"MAJOR_OUTAGE",
			   "errorRate":0.3,"startedAt":"2026-11-30T13:54:00Z","endedAt":null,"open":true,"corrected":false,
			   "source":"MONITOR"}],
			 "closedImpacts":[]}
			""";

	static final String RESOLVED = """
			{"incidentId":"INC-8","version":9,"title":"DNS failures","summary":null,"severity":"SEV1",
			 "status":"RESOLVED","declaredAt":"2026-11-29T10:00:00Z","resolvedAt":"2026-11-29T11:58:00Z",
			 "services":["dns"],"regions":["us-east-1"],"responders":[],"openImpacts":[],"closedImpacts":[]}
			""";

	static final String TIMELINE = """
			{"incidentId":"INC-7","version":5,"entries":[
			  {"sequence":0,"occurredAt":"2026-11-30T14:05:31.123Z","recordedAt":"2026-11-30T14:05:31.200Z",
			   "type":"IncidentDeclared","actor":"robin@nimbus.example","summary":"Declared SEV2: Checkout latency",
			   "late":false,"correction":false}],
			 "metrics":{"timeToDetect":"PT20M28.426S","timeToDeclare":"PT1H58M","timeToAcknowledge":null,
			  "timeToMitigate":null,"timeToResolve":null}}
			""";

	static final String CATALOG = """
			{"services":["api","checkout","object-storage"],"regions":["eu-west-1","us-east-1"],
			 "customers":[{"customerId":"acme","name":"Acme Corp"},{"customerId":"globex","name":null}]}
			""";

	static final String DRAFT = """
			# Reason for outage: DNS failures

			| | |
			|---|---|
			| Severity | SEV1 |
			| Status | RESOLVED |

			## Root cause

			Not written yet.
			""";

	static final String STATE = """
			{"incidentId":"INC-7","version":5,"status":"OPEN","severity":"SEV2",
			 "responders":[{"person":"robin@nimbus.example","role":"COMMANDER"}],
			 "impacts":[{"impactId":"IMP-1","service":"checkout","region":"eu-west-1","level":"MAJOR_OUTAGE",
			  "open":false,"endedAt":"2026-11-30T14:25:00.5Z","source":"RESPONDER"}],
			 "actions":[{"occurredAt":"2026-11-30T14:20:00Z","kind":"ROLLBACK","text":"Rolled back 4711"}],
			 "notes":[]}
			""";

	record Request(String method, String uri, String body) {
	}

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicBoolean catalog = new AtomicBoolean(true);

	IncidentStubApis() {
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

	void catalog(boolean up) {
		this.catalog.set(up);
	}

	/** The requests other than reads. */
	List<Request> writes() {
		return this.requests.stream().filter((request) -> !"GET".equals(request.method())).toList();
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String uri = exchange.getRequestURI().toString();
		String method = exchange.getRequestMethod();
		this.requests.add(new Request(method, uri, body));
		if (!"GET".equals(method)) {
			write(exchange, uri, body);
			return;
		}
		switch (uri) {
			case "/api/incidents/INC-7" -> json(exchange, 200, OPEN);
			case "/api/incidents/INC-8" -> json(exchange, 200, RESOLVED);
			case "/api/incidents/INC-7/timeline" -> json(exchange, 200, TIMELINE);
			case "/api/incidents/INC-8/timeline" ->
				json(exchange, 200, TIMELINE.replace("INC-7", "INC-8").replace("\"version\":5", "\"version\":9"));
			case "/api/incidents/INC-8/postmortem" -> send(exchange, 200, "text/markdown", DRAFT);
			case "/api/incidents/INC-7/state?asOf=2026-11-30T14:30:00Z" -> json(exchange, 200, STATE);
			case "/api/catalog" -> {
				if (this.catalog.get()) {
					json(exchange, 200, CATALOG);
				}
				else {
					problem(exchange, 404, "The stub has no catalog");
				}
			}
			default -> problem(exchange, 404, "There is no incident behind " + uri);
		}
	}

	private void write(HttpExchange exchange, String uri, String body) throws IOException {
		long version = uri.startsWith("/api/incidents/INC-8") ? 9 : 5;
		if (uri.endsWith("/actions") && !body.contains("\"description\"")) {
			send(exchange, 400, "application/problem+json",
					"""
							{"type":"https://nimbus.example/problems/invalid-input","title":"Invalid input","status":400,
							 "detail":"description: must not be blank","errors":[{"field":"description","message":"must not be blank"}]}
							""");
		}
		else if (uri.endsWith("/impacts") && body.contains("acme-typo")) {
			send(exchange, 400, "application/problem+json", """
					{"type":"https://nimbus.example/problems/invalid-input","title":"Invalid input","status":400,
					 "detail":"affectedCustomerIds[1]: no contract for customer acme-typo",
					 "errors":[{"field":"affectedCustomerIds[1]","message":"no contract for customer acme-typo"}]}
					""");
		}
		else {
			json(exchange, uri.endsWith("/impacts") ? 201 : 200,
					"{\"incidentId\":\"" + uri.split("/")[3] + "\",\"version\":" + version + "}");
		}
	}

	private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
		send(exchange, status, "application/problem+json", "{\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
	}

	private static void json(HttpExchange exchange, int status, String text) throws IOException {
		send(exchange, status, "application/json", text);
	}

	private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
