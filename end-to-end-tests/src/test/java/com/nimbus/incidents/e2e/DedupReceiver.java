package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * Webhook receivers that deduplicate, as notifications.md asks receivers to: {@code /r/N}
 * takes a notification in once per {@code Notification-Id} (a repeat is answered
 * {@code 200} and dropped), and keeps, per receiver, the events it took in, in arrival
 * order.
 */
final class DedupReceiver implements AutoCloseable {

	/** An event taken in: its incident and sequence, and its {@code Notification-Id}. */
	record Taken(String incidentId, long sequence, String notificationId) {
	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(16);

	private final Map<Integer, List<Taken>> taken = new ConcurrentHashMap<>();

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	private final AtomicLong repeats = new AtomicLong();

	DedupReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
		this.server.createContext("/r/", this::receive);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	String url(int receiver) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/r/" + receiver;
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			String path = exchange.getRequestURI().getPath();
			int receiver = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
			String id = exchange.getRequestHeaders().getFirst("Notification-Id");
			if (this.seen.add(receiver + "/" + id)) {
				JsonNode event = Api.JSON.readTree(body);
				List<Taken> list = this.taken.computeIfAbsent(receiver, (r) -> new ArrayList<>());
				synchronized (list) {
					list.add(new Taken(event.path("incidentId").asString(), event.path("sequence").asLong(), id));
				}
			}
			else {
				this.repeats.incrementAndGet();
			}
			exchange.sendResponseHeaders(200, -1);
		}
	}

	List<Taken> taken(int receiver) {
		List<Taken> list = this.taken.getOrDefault(receiver, List.of());
		synchronized (list) {
			return List.copyOf(list);
		}
	}

	long repeats() {
		return this.repeats.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
