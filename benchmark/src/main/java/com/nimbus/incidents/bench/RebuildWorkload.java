package com.nimbus.incidents.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Workload 4: the projector's documented rebuild ({@code POST /admin/rebuild}) of every
 * read model from the beginning of both topics, timed from the request to the projector's
 * report that it has caught up; then the time until the query API answers with the
 * rebuilt data.
 */
final class RebuildWorkload {

	private final Http http;

	private final String projectorUrl;

	private final String queryUrl;

	private final String admin;

	private final String viewer;

	RebuildWorkload(Http http, String projectorUrl, String queryUrl, String admin, String viewer) {
		this.http = http;
		this.projectorUrl = projectorUrl;
		this.queryUrl = queryUrl;
		this.admin = admin;
		this.viewer = viewer;
	}

	record Round(double seconds, double queryReadyMs) {
	}

	/**
	 * @param expected incidents and the versions the query API must show once rebuilt
	 */
	Round round(Map<String, Long> expected) {
		long started = System.nanoTime();
		this.http.expectOk("POST", this.projectorUrl + "/admin/rebuild", this.admin, null);
		awaitRebuilt();
		long rebuilt = System.nanoTime();
		for (Map.Entry<String, Long> incident : expected.entrySet()) {
			awaitVersion(incident.getKey(), incident.getValue());
		}
		long answering = System.nanoTime();
		return new Round((rebuilt - started) / 1e9, (answering - rebuilt) / 1e6);
	}

	/**
	 * Waits until the projector reports a completed rebuild (polled every 50 ms).
	 */
	void awaitRebuilt() {
		long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
		while (System.nanoTime() < deadline) {
			Http.Response status = this.http.get(this.projectorUrl + "/admin/projection", this.admin);
			if (status.ok() && status.body().contains("\"rebuilding\":false")
					&& status.body().contains("\"rebuildCompletedAt\":\"")) {
				return;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		throw new IllegalStateException("The rebuild did not complete within an hour");
	}

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	private static boolean caughtUp(tools.jackson.databind.JsonNode lag) {
		if (!lag.isObject() || lag.isEmpty()) {
			return false;
		}
		for (tools.jackson.databind.JsonNode behind : lag.values()) {
			if (behind.asLong() != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Waits until the projector reports no record behind the end of any partition it
	 * holds; returns how long that took, in milliseconds.
	 */
	long awaitCaughtUp() {
		long started = System.nanoTime();
		long deadline = started + TimeUnit.HOURS.toNanos(1);
		while (System.nanoTime() < deadline) {
			Http.Response status = this.http.get(this.projectorUrl + "/admin/projection", this.admin);
			if (status.ok() && caughtUp(JSON.readTree(status.body()).path("lag"))) {
				return (System.nanoTime() - started) / 1_000_000;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		throw new IllegalStateException("The projector did not catch up within an hour");
	}

	/**
	 * Waits until the query API shows {@code incidentId} at {@code version} or later
	 * (polled every 5 ms).
	 */
	void awaitVersion(String incidentId, long version) {
		long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
		while (System.nanoTime() < deadline) {
			Http.Response response = this.http.get(this.queryUrl + "/api/incidents/" + incidentId, this.viewer);
			if (response.ok() && response.version() >= version) {
				return;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		throw new IllegalStateException(incidentId + " did not reach version " + version);
	}

}
