package com.nimbus.incidents.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receivers of the notifications workload, on one local HTTP server: {@code /hook/N}
 * answers {@code 200} at once and records, per delivery, the time from the event's
 * {@code recordedAt} to its arrival; {@code /slow/N} answers after {@code slowAnswer}.
 * Each receiver drops repeats by {@code Notification-Id}, as the spec asks receivers to,
 * and counts them.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A delivery: which subscription's receiver, the event, and its lag. */
	record Delivery(int receiver, String notificationId, Instant recordedAt, long lagNanos) {
	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(64);

	private final Duration slowAnswer;

	private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	private final AtomicLong repeats = new AtomicLong();

	private final AtomicLong slowAnswered = new AtomicLong();

	WebhookReceiver(Duration slowAnswer) throws IOException {
		this.slowAnswer = slowAnswer;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
		this.server.createContext("/hook/", (exchange) -> receive(exchange, false));
		this.server.createContext("/slow/", (exchange) -> receive(exchange, true));
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	private void receive(HttpExchange exchange, boolean slow) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			Instant arrived = Instant.now();
			byte[] body = in.readAllBytes();
			String path = exchange.getRequestURI().getPath();
			int receiver = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
			String id = exchange.getRequestHeaders().getFirst("Notification-Id");
			if (slow) {
				try {
					Thread.sleep(this.slowAnswer.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				this.slowAnswered.incrementAndGet();
			}
			else if (this.seen.add(receiver + "/" + id)) {
				JsonNode event = JSON.readTree(body);
				Instant recordedAt = Instant.parse(event.path("recordedAt").asString());
				this.deliveries
					.add(new Delivery(receiver, id, recordedAt, Duration.between(recordedAt, arrived).toNanos()));
			}
			else {
				this.repeats.incrementAndGet();
			}
			exchange.sendResponseHeaders(200, -1);
		}
	}

	Iterable<Delivery> deliveries() {
		return this.deliveries;
	}

	int delivered() {
		return this.deliveries.size();
	}

	long repeats() {
		return this.repeats.get();
	}

	long slowAnswered() {
		return this.slowAnswered.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
