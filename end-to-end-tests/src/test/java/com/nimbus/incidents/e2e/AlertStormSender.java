package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An alert storm sent to {@code POST /api/signals/alertmanager} as Alertmanager sends it:
 * webhook bodies (version 4) of firing {@code critical} alerts, from a few threads at a
 * steady rate. The alerts start firing one after another over the first 80% of the storm,
 * each component's alerts together; every other signal repeats an alert already firing. A
 * body not answered 202 (a 5xx, or no answer: connection refused or reset) is sent again
 * after a growing pause, as Alertmanager retries a failed notification, until it is
 * answered 202; any other answer (a 4xx) is recorded and not retried.
 */
final class AlertStormSender {

	/** Alertmanager gives up on a notification at some point; this storm does too. */
	private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(4);

	/** A component of the storm and its alerts' fingerprints. */
	record ServiceRegion(String service, String region, List<String> fingerprints) {

		String key() {
			return this.service + "|" + this.region;
		}

	}

	private final String url;

	private final String token;

	private final List<ServiceRegion> components = new ArrayList<>();

	private final Map<String, ServiceRegion> byFingerprint = new LinkedHashMap<>();

	/** Per body, the fingerprints it holds. */
	private final List<List<String>> bodies = new ArrayList<>();

	private final Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);

	private final AtomicInteger attempts = new AtomicInteger();

	private final AtomicInteger answered202 = new AtomicInteger();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong duplicates = new AtomicLong();

	private final Map<String, AtomicInteger> retriedBecause = new ConcurrentSkipListMap<>();

	private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

	/** Fingerprints of every body answered 202. */
	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	/**
	 * @param prefix names the storm's services, so that storms of one stack never share a
	 * component
	 */
	AlertStormSender(String commandUrl, String token, String prefix, int componentCount, int perComponent,
			int bodyCount, int alertsPerBody) {
		this.url = commandUrl + "/api/signals/alertmanager";
		this.token = token;
		List<String> introduced = new ArrayList<>();
		for (int c = 0; c < componentCount; c++) {
			List<String> fingerprints = new ArrayList<>();
			for (int f = 0; f < perComponent; f++) {
				fingerprints.add(String.format("%s%02x%04x", prefix.replaceAll("[^a-z0-9]", ""), c, f));
			}
			ServiceRegion component = new ServiceRegion(prefix + "-svc" + (c / 2),
					(c % 2 == 0) ? "eu-west-1" : "us-east-1", fingerprints);
			this.components.add(component);
			fingerprints.forEach((fingerprint) -> this.byFingerprint.put(fingerprint, component));
			introduced.addAll(fingerprints);
		}
		int signals = bodyCount * alertsPerBody;
		long spread = Math.max(introduced.size(), signals * 8L / 10);
		int next = 0;
		int repeat = 0;
		for (int b = 0; b < bodyCount; b++) {
			List<String> body = new ArrayList<>();
			for (int a = 0; a < alertsPerBody; a++) {
				int position = b * alertsPerBody + a;
				if (next < introduced.size() && position >= next * spread / introduced.size()) {
					body.add(introduced.get(next++));
				}
				else {
					body.add(introduced.get(repeat++ % next));
				}
			}
			this.bodies.add(body);
		}
	}

	List<ServiceRegion> components() {
		return this.components;
	}

	ServiceRegion componentOf(String fingerprint) {
		return this.byFingerprint.get(fingerprint);
	}

	int bodies() {
		return this.bodies.size();
	}

	int signals() {
		return this.bodies.stream().mapToInt(List::size).sum();
	}

	int attempts() {
		return this.attempts.get();
	}

	int answered202() {
		return this.answered202.get();
	}

	long accepted() {
		return this.accepted.get();
	}

	long duplicates() {
		return this.duplicates.get();
	}

	Map<String, AtomicInteger> retriedBecause() {
		return this.retriedBecause;
	}

	List<String> refused() {
		return this.refused;
	}

	Set<String> acknowledgedFingerprints() {
		return this.acknowledged;
	}

	/**
	 * Sends the storm from {@code threads} threads, body {@code b} due
	 * {@code b * interval} after the start; returns at once.
	 */
	List<Thread> start(int threads, Duration interval) {
		long started = System.nanoTime();
		List<Thread> senders = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int self = t;
			Thread sender = new Thread(() -> {
				for (int b = self; b < this.bodies.size(); b += threads) {
					LockSupport.parkNanos(started + b * interval.toNanos() - System.nanoTime());
					deliver(this.bodies.get(b));
				}
			}, "alert-storm-" + t);
			sender.start();
			senders.add(sender);
		}
		return senders;
	}

	private void deliver(List<String> fingerprints) {
		String body = body(fingerprints);
		long giveUp = System.nanoTime() + GIVE_UP_AFTER.toNanos();
		long pauseMillis = 200;
		while (System.nanoTime() < giveUp) {
			this.attempts.incrementAndGet();
			String retry;
			try {
				Api.Response response = Api.call("POST", this.url, body, this.token);
				if (response.status() == 202) {
					this.answered202.incrementAndGet();
					this.accepted.addAndGet(response.body().get("accepted").asLong());
					this.duplicates.addAndGet(response.body().get("duplicates").asLong());
					this.acknowledged.addAll(fingerprints);
					return;
				}
				if (response.status() < 500) {
					this.refused.add(response.status() + " " + response.text());
					return;
				}
				retry = String.valueOf(response.status());
			}
			catch (IOException ex) {
				retry = ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			this.retriedBecause.computeIfAbsent(retry, (reason) -> new AtomicInteger()).incrementAndGet();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
			pauseMillis = Math.min(2_000, pauseMillis * 2);
		}
		this.refused.add("no 202 within " + GIVE_UP_AFTER + " for a body of " + fingerprints.size());
	}

	private String body(List<String> fingerprints) {
		ObjectNode body = Api.JSON.createObjectNode();
		body.put("receiver", "nimbus");
		body.put("status", "firing");
		ArrayNode alerts = body.putArray("alerts");
		for (String fingerprint : fingerprints) {
			ServiceRegion component = this.byFingerprint.get(fingerprint);
			ObjectNode alert = alerts.addObject();
			alert.put("status", "firing");
			alert.putObject("labels")
				.put("alertname", "HighErrorRate")
				.put("service", component.service())
				.put("region", component.region())
				.put("severity", "critical")
				.put("instance", fingerprint + ":9100");
			alert.putObject("annotations").put("summary", component.service() + " errors in " + component.region());
			alert.put("startsAt", this.startsAt.plusSeconds(component.fingerprints().indexOf(fingerprint)).toString());
			alert.put("endsAt", "0001-01-01T00:00:00Z");
			alert.put("generatorURL", "http://prometheus.internal:9090/graph?g0.expr=error_ratio");
			alert.put("fingerprint", fingerprint);
		}
		body.putObject("groupLabels").put("alertname", "HighErrorRate");
		body.putObject("commonLabels").put("alertname", "HighErrorRate").put("severity", "critical");
		body.putObject("commonAnnotations");
		body.put("externalURL", "http://alertmanager.internal:9093");
		body.put("version", "4");
		body.put("groupKey", "{}:{alertname=\"HighErrorRate\"}");
		body.put("truncatedAlerts", 0);
		return body.toString();
	}

	/**
	 * What the sending came to, for the test's output.
	 */
	String counts() {
		return String.format(
				"%d signals in %d bodies, %d requests (%d retried: %s), %d answered 202 "
						+ "(accepted %d, repeats %d), %d refused",
				signals(), bodies(), attempts(), attempts() - answered202() - this.refused.size(), this.retriedBecause,
				answered202(), accepted(), duplicates(), this.refused.size());
	}

}
