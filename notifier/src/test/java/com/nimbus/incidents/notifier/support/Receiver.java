package com.nimbus.incidents.notifier.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver (the JDK's server) on 127.0.0.1: each path answers with its own
 * status after its own delay, records every request it got, and counts the 2xx answers
 * per {@code Notification-Id} (a receiver that drops repeats by that id).
 */
public final class Receiver implements AutoCloseable {

	/** What a path answers. */
	public record Behaviour(int status, long delayMillis) {
	}

	/** One request received. */
	public record Received(String path, String notificationId, String incidentId, long sequence, String type,
			String title, int answered, JsonNode body) {
	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final ObjectMapper json = new ObjectMapper();

	private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> answered2xx = new ConcurrentHashMap<>();

	private final AtomicInteger delivered = new AtomicInteger();

	public Receiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public void answer(String path, int status, long delayMillis) {
		this.behaviours.put(path, new Behaviour(status, delayMillis));
	}

	public List<Received> received(String path) {
		List<Received> atPath = new ArrayList<>();
		for (Received request : this.received) {
			if (request.path().equals(path)) {
				atPath.add(request);
			}
		}
		return atPath;
	}

	/** The requests of a path answered 2xx, in the order they came. */
	public List<Received> delivered(String path) {
		return received(path).stream().filter((request) -> request.answered() / 100 == 2).toList();
	}

	/** Requests answered 2xx, at every path. */
	public int deliveredCount() {
		return this.delivered.get();
	}

	/** How many times this notification was answered 2xx, at any path. */
	public int timesDelivered(String notificationId) {
		AtomicInteger count = this.answered2xx.get(notificationId);
		return (count != null) ? count.get() : 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		Behaviour behaviour = this.behaviours.getOrDefault(path, new Behaviour(200, 0));
		byte[] bytes;
		try (InputStream in = exchange.getRequestBody()) {
			bytes = in.readAllBytes();
		}
		try {
			Thread.sleep(behaviour.delayMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		JsonNode body = this.json.readTree(bytes);
		String id = exchange.getRequestHeaders().getFirst("Notification-Id");
		this.received.add(new Received(path, id, body.path("incidentId").asText(), body.path("sequence").asLong(),
				body.path("type").asText(), body.path("incident").path("title").asText(), behaviour.status(), body));
		if (behaviour.status() / 100 == 2) {
			this.delivered.incrementAndGet();
			this.answered2xx.computeIfAbsent(path + "#" + id, (key) -> new AtomicInteger()).incrementAndGet();
			this.answered2xx.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		}
		exchange.sendResponseHeaders(behaviour.status(), -1);
		exchange.close();
	}

	/** How many times this path answered this notification 2xx. */
	public int timesDelivered(String path, String notificationId) {
		AtomicInteger count = this.answered2xx.get(path + "#" + notificationId);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
