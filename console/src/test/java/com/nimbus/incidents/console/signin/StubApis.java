package com.nimbus.incidents.console.signin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * incident-command and incident-query as far as the security tests need them: every read
 * is an empty page at version 1, every write is accepted as version 1 and counted, so a
 * test can tell whether a refused form reached the platform.
 */
final class StubApis implements AutoCloseable {

	private static final String BODY = "{\"incidentId\":\"INC-1\",\"version\":1,\"items\":[],\"entries\":[],"
			+ "\"metrics\":{},\"title\":\"Stub\",\"severity\":\"SEV2\",\"status\":\"OPEN\",\"responders\":[],"
			+ "\"openImpacts\":[],\"closedImpacts\":[],\"services\":[],\"regions\":[]}";

	private final HttpServer server;

	private final AtomicInteger writes = new AtomicInteger();

	StubApis() {
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

	/** How many writes (anything but GET) reached the platform. */
	int writes() {
		return this.writes.get();
	}

	private void answer(HttpExchange exchange) throws IOException {
		if (!"GET".equals(exchange.getRequestMethod())) {
			this.writes.incrementAndGet();
		}
		exchange.getRequestBody().readAllBytes();
		byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
