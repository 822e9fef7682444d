package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.post;

/**
 * Writers, one thread each, that stream commands into incidents until closed: notes and
 * {@code INVESTIGATION} actions in turn, each with a text of its own ({@code w3-n17}), so
 * that an acknowledged command can be found again in every log. Records every
 * acknowledged (HTTP 200) version per incident, with the text it was for and the event id
 * when the answer carries one.
 */
final class CommandStream implements AutoCloseable {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/**
	 * A failed writer waits this long before its next command, as a client backs off; it
	 * keeps eight writers from spinning on a refused connection while the service they
	 * write to restarts on two cores. Cut short when the stream closes.
	 */
	private static final long BACK_OFF_MILLIS = 100;

	/** Where writer {@code w} sends its {@code n}-th command. */
	@FunctionalInterface
	interface Route {

		Target of(int writer, int n);

	}

	/** A command service's base URL and the incident to write to. */
	record Target(String baseUrl, String incidentId) {
	}

	/**
	 * An acknowledged command: the version it answered, what it carried, and the command
	 * service it went through.
	 */
	record Ack(long version, String text, String eventId, String via) {
	}

	private final Map<String, NavigableMap<Long, Ack>> acknowledged = new LinkedHashMap<>();

	private final List<String> repeatedVersions = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicInteger acks = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final Map<String, AtomicInteger> acksVia = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> failures = new ConcurrentSkipListMap<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	/** Open while the writers may write; closed by {@link #pause()}. */
	private volatile CountDownLatch gate = new CountDownLatch(0);

	private final List<Thread> writers = new ArrayList<>();

	/**
	 * Starts {@code writers} writers on the given incidents, each declared with version
	 * 0.
	 */
	CommandStream(List<String> incidents, int writers, Route route) {
		for (String incident : incidents) {
			NavigableMap<Long, Ack> versions = new ConcurrentSkipListMap<>();
			versions.put(0L, new Ack(0, null, null, null));
			this.acknowledged.put(incident, versions);
		}
		for (int w = 0; w < writers; w++) {
			int writer = w;
			Thread thread = new Thread(() -> write(writer, route), "writer-" + w);
			thread.start();
			this.writers.add(thread);
		}
	}

	/**
	 * Declares {@code count} incidents through the given command service.
	 */
	static List<String> declare(String commandUrl, int count, String title) throws Exception {
		List<String> incidents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			JsonNode declared = accepted(post(commandUrl + "/api/incidents",
					"""
							{"title":"%s %d","severity":"SEV2","detectionSource":"MONITORING","services":["dns"],"regions":["eu-west-1"]}"""
						.formatted(title, i)));
			incidents.add(declared.get("incidentId").asString());
		}
		return incidents;
	}

	private void write(int writer, Route route) {
		for (int n = 0; this.closing.getCount() > 0; n++) {
			try {
				this.gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (this.closing.getCount() == 0) {
				return;
			}
			Target target = route.of(writer, n);
			String text = "w" + writer + "-n" + n;
			boolean note = n % 2 == 0;
			String url = target.baseUrl() + "/api/incidents/" + target.incidentId() + (note ? "/notes" : "/actions");
			String body = note ? "{\"text\":\"" + text + "\"}"
					: "{\"kind\":\"INVESTIGATION\",\"description\":\"" + text + "\"}";
			this.sent.incrementAndGet();
			try {
				Api.Response response = post(url, body);
				if (response.status() == 200) {
					acknowledge(target, response.body(), text);
					continue;
				}
				failure(String.valueOf(response.status()));
			}
			catch (IOException ex) {
				// refused, reset or timed out: unanswered, so it may or may not have
				// landed
				failure("unanswered");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			try {
				this.closing.await(BACK_OFF_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void failure(String kind) {
		this.failures.computeIfAbsent(kind, (key) -> new AtomicInteger()).incrementAndGet();
		this.failed.incrementAndGet();
	}

	private void acknowledge(Target target, JsonNode body, String text) {
		String incident = target.incidentId();
		long version = body.get("version").asLong();
		String eventId = body.hasNonNull("eventId") ? body.get("eventId").asString() : null;
		Ack previous = this.acknowledged.get(incident)
			.putIfAbsent(version, new Ack(version, text, eventId, target.baseUrl()));
		if (previous != null) {
			this.repeatedVersions
				.add(incident + " version " + version + " answered to both " + previous.text() + " and " + text);
		}
		this.acksVia.computeIfAbsent(target.baseUrl(), (key) -> new AtomicInteger()).incrementAndGet();
		this.acks.incrementAndGet();
	}

	/** Waits until {@code count} more commands have been acknowledged. */
	void awaitMoreAcknowledged(int count) {
		int target = this.acks.get() + count;
		Awaitility.await("%d acknowledged commands".formatted(target))
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.acks.get() >= target);
	}

	/**
	 * Waits until {@code count} more commands have been acknowledged by the command
	 * service at the given base URL.
	 */
	void awaitMoreAcknowledgedVia(String baseUrl, int count) {
		int target = acknowledgedVia(baseUrl) + count;
		Awaitility.await("%d commands acknowledged by %s".formatted(target, baseUrl))
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> acknowledgedVia(baseUrl) >= target);
	}

	int acknowledgedVia(String baseUrl) {
		AtomicInteger count = this.acksVia.get(baseUrl);
		return (count != null) ? count.get() : 0;
	}

	/** Waits until {@code count} more commands have failed or gone unanswered. */
	void awaitMoreFailed(int count) {
		int target = this.failed.get() + count;
		Awaitility.await("%d failed commands".formatted(target))
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.failed.get() >= target);
	}

	/**
	 * Holds every writer before its next command, until {@link #resume()}: a component
	 * that starts again on two shared cores starts in time without eight writers
	 * competing with it.
	 */
	void pause() {
		this.gate = new CountDownLatch(1);
	}

	void resume() {
		this.gate.countDown();
	}

	/** Stops the writers and waits for each one's last command to be answered. */
	@Override
	public void close() throws InterruptedException {
		this.closing.countDown();
		this.gate.countDown();
		for (Thread writer : this.writers) {
			writer.join();
		}
	}

	/** Every acknowledged version per incident, declaration (version 0) included. */
	Map<String, NavigableMap<Long, Ack>> acknowledged() {
		return this.acknowledged;
	}

	/** Versions one incident answered to two different commands: each a lost write. */
	List<String> repeatedVersions() {
		return List.copyOf(this.repeatedVersions);
	}

	int sent() {
		return this.sent.get();
	}

	int acknowledgedCount() {
		return this.acks.get();
	}

	int failed() {
		return this.failed.get();
	}

	/**
	 * Failed commands by HTTP status, or {@code unanswered}: {@code {503=12,
	 * unanswered=3}}.
	 */
	String failures() {
		Map<String, Integer> counts = new TreeMap<>();
		this.failures.forEach((kind, count) -> counts.put(kind, count.get()));
		return counts.toString();
	}

}
