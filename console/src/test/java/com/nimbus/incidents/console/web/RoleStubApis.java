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
 * incident-command and incident-query as far as the role-shaped pages need them: a
 * catalog (which a test can make unreadable, as on a platform without one), one open
 * incident, an impact, a credit report, no signals; a declare naming {@code typo-service}
 * and a catalog list naming {@code Bad Name} are refused with a problem detail naming the
 * field. Every request is recorded with its body.
 */
final class RoleStubApis implements AutoCloseable {

	static final String CATALOG = """
			{"services":["api","object-storage"],"regions":["eu-west-1","us-east-1"],
			 "customers":[{"customerId":"acme","name":"Acme Corp"},{"customerId":"globex","name":null}]}
			""";

	static final String OPEN = """
			{"items":[{"incidentId":"INC-1","version":4,"title":"S3 errors in us-east-1","severity":"SEV2",
			  "status":"OPEN","services":["object-storage"],"regions":["us-east-1"],
			  "declaredAt":"2026-11-30T15:31:07.123456789Z"}],"page":0,"size":200,"total":1}
			""";

	static final String NONE = """
			{"items":[],"page":0,"size":200,"total":0}
			""";

	static final String IMPACT = """
			{"incidentId":"INC-1","version":4,"windows":[],
			 "affectedCustomers":[{"customerId":"acme","customerName":"Acme Corp","services":["object-storage"],
			  "regions":["us-east-1"],"activeUsers":120000,"estimatedAffectedUsers":{"low":74400,"high":120000},
			  "exposure":"PT7H23M"}],
			 "estimatedAffectedUsers":{"low":74400,"high":120000,"method":"FOOTPRINT"},"reportedAffectedUsers":null}
			""";

	static final String CREDITS = """
			{"month":"2021-12","asOf":"2022-01-03T00:00:00Z","knownAt":"2022-01-03T00:00:00.5Z",
			 "lines":[{"customerId":"acme","customerName":"Acme Corp","service":"object-storage",
			  "measurement":"AVAILABILITY","downtimeSeconds":26580,"downtime":"PT7H23M","uptimePercent":"99.0076",
			  "creditPercent":"10","monthlyFee":{"amount":"12000.00","currency":"USD"},
			  "creditAmount":{"amount":"1200.00","currency":"USD"},"provisional":false,
			  "windows":[{"incidentId":"INC-1","impactId":"IMP-1","region":"us-east-1","from":"2021-12-07T15:31:00Z",
			   "to":"2021-12-07T22:54:00Z","counted":"PT7H23M"}]}],
			 "totals":[{"currency":"USD","creditAmount":"1200.00"}]}
			""";

	static final String REFUSED_DECLARE = """
			{"type":"https://nimbus.example/problems/validation","title":"Invalid request","status":400,
			 "detail":"services[0]: no contract or incident names typo-service",
			 "errors":[{"field":"services[0]","message":"no contract or incident names typo-service"}]}
			""";

	static final String REFUSED_CATALOG = """
			{"type":"https://nimbus.example/problems/validation","title":"Invalid request","status":400,
			 "detail":"services[1]: 'Bad Name' is not a name: lower-case letters, digits and dashes",
			 "errors":[{"field":"services[1]","message":"'Bad Name' is not a name: lower-case letters, digits and dashes"}]}
			""";

	record Request(String method, String uri, String body) {
	}

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicBoolean catalog = new AtomicBoolean(true);

	RoleStubApis() {
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

	/**
	 * Whether {@code GET /api/catalog} answers (404 otherwise, as before the catalog).
	 */
	void catalogAvailable(boolean available) {
		this.catalog.set(available);
	}

	/** The requests other than reads. */
	List<Request> writes() {
		return this.requests.stream().filter((request) -> !"GET".equals(request.method())).toList();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String uri = exchange.getRequestURI().toString();
		String method = exchange.getRequestMethod();
		this.requests.add(new Request(method, uri, body));
		if ("POST".equals(method) && uri.equals("/api/incidents")) {
			if (body.contains("typo-service")) {
				send(exchange, 400, "application/problem+json", REFUSED_DECLARE);
			}
			else {
				send(exchange, 201, "application/json", "{\"incidentId\":\"INC-1\",\"version\":4}");
			}
			return;
		}
		if ("PUT".equals(method) && uri.equals("/api/catalog")) {
			if (body.contains("Bad Name")) {
				send(exchange, 400, "application/problem+json", REFUSED_CATALOG);
			}
			else {
				send(exchange, 200, "application/json", body);
			}
			return;
		}
		if (uri.equals("/api/catalog")) {
			if (this.catalog.get()) {
				send(exchange, 200, "application/json", CATALOG);
			}
			else {
				send(exchange, 404, "application/problem+json", "{\"status\":404,\"detail\":\"No static resource\"}");
			}
			return;
		}
		if (uri.startsWith("/api/incidents?") && uri.contains("status=OPEN")) {
			send(exchange, 200, "application/json", OPEN);
			return;
		}
		if (uri.startsWith("/api/incidents?")) {
			send(exchange, 200, "application/json", NONE);
			return;
		}
		switch (uri) {
			case "/api/incidents/INC-1" -> send(exchange, 200, "application/json", SignalStubApis.SUMMARY);
			case "/api/incidents/INC-1/timeline" -> send(exchange, 200, "application/json", SignalStubApis.TIMELINE);
			case "/api/incidents/INC-1/impact" -> send(exchange, 200, "application/json", IMPACT);
			case "/api/sla/credits?month=2021-12" -> send(exchange, 200, "application/json", CREDITS);
			case "/api/signals?placed=false" ->
				send(exchange, 200, "application/json", "{\"signals\":[],\"truncated\":false}");
			default -> send(exchange, 404, "application/problem+json",
					"{\"status\":404,\"detail\":\"The stub has no " + uri + "\"}");
		}
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
