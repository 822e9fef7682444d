package com.nimbus.incidents.console.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * incident-command and incident-query as far as the signal pages need them: two signals
 * waiting (listed newest first, so the page must order them), one open incident with a
 * window monitoring opened and one a person reported, and an attach that succeeds for
 * {@code fp-ok} and finds {@code fp-placed} placed already. Every request is recorded
 * with its body, so a test can tell what reached the platform.
 */
final class SignalStubApis implements AutoCloseable {

	static final String WAITING = """
			{"signals":[
			 {"source":"alertmanager-use1","fingerprint":"fp-placed","status":"RESOLVED","service":"ec2-api",
			  "region":"us-east-1","level":"DEGRADED_PERFORMANCE","startsAt":"2026-11-30T15:47:59Z",
			  "endsAt":"2026-11-30T15:58:00Z","summary":"EC2 API p99 above 1 s","title":"EC2 API p99 above 1 s"},
			 {"source":"alertmanager-use1","fingerprint":"fp-ok","status":"FIRING","service":"ec2-api",
			  "region":"us-east-1","level":"PARTIAL_OUTAGE","startsAt":"2026-11-30T15:35:42.500Z","endsAt":null,
			  "summary":"EC2 API p99 latency above 2 s","title":"EC2ApiLatencyHigh"}],
			 "truncated":false}
			""";

	static final String OPEN = """
			{"items":[{"incidentId":"INC-1","version":4,"title":"S3 errors in us-east-1","severity":"SEV2",
			  "status":"OPEN","services":["object-storage"],"regions":["us-east-1"]}],"page":0,"size":200,"total":1}
			""";

	static final String SUMMARY = """
			{"incidentId":"INC-1","version":4,"title":"S3 errors in us-east-1","summary":null,"severity":"SEV2",
			 "status":"OPEN","declaredAt":"2026-11-30T15:31:00Z","resolvedAt":null,"services":["object-storage"],"regions":["us-east-1"],"responders":[],
			 "openImpacts":[
			  {"impactId":"IMP-MONITORED","service":"object-storage","region":"us-east-1","level":"MAJOR_OUTAGE",
			   "errorRate":0.71,"startedAt":"2026-11-30T15:31:00Z","endedAt":null,"open":true,"corrected":false,
			   "source":"MONITOR"},
			  {"impactId":"IMP-TYPED","service":"console","region":"us-east-1","level":"PARTIAL_OUTAGE",
			   "errorRate":null,"startedAt":"2026-11-30T15:40:00Z","endedAt":null,"open":true,"corrected":false,
			   "source":"RESPONDER"}],
			 "closedImpacts":[]}
			""";

	static final String TIMELINE = """
			{"incidentId":"INC-1","version":4,"entries":[],"metrics":{"timeToDetect":"PT0S","timeToDeclare":"PT0S",
			 "timeToAcknowledge":null,"timeToMitigate":null,"timeToResolve":null}}
			""";

	static final String PLACED = """
			{"type":"https://nimbus.example/problems/signal-placed","title":"The signal is placed already",
			 "status":409,"detail":"Signal alertmanager-use1:fp-placed is placed in INC-9 already"}
			""";

	record Request(String method, String uri, String body) {
	}

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	SignalStubApis() {
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

	/** The requests other than reads. */
	List<Request> writes() {
		return this.requests.stream().filter((request) -> !"GET".equals(request.method())).toList();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String uri = exchange.getRequestURI().toString();
		this.requests.add(new Request(exchange.getRequestMethod(), uri, body));
		switch (uri) {
			case "/api/signals?placed=false" -> send(exchange, 200, "application/json", WAITING);
			case "/api/incidents?status=OPEN&size=200" -> send(exchange, 200, "application/json", OPEN);
			case "/api/incidents/INC-1" -> send(exchange, 200, "application/json", SUMMARY);
			case "/api/incidents/INC-1/timeline" -> send(exchange, 200, "application/json", TIMELINE);
			case "/api/signals/triage/alertmanager-use1:fp-ok/attach" -> send(exchange, 200, "application/json",
					"{\"key\":\"alertmanager-use1:fp-ok\",\"incidentId\":\"INC-1\",\"status\":\"FIRING\",\"version\":4}");
			case "/api/signals/triage/alertmanager-use1:fp-placed/attach" ->
				send(exchange, 409, "application/problem+json", PLACED);
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
