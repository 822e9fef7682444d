package com.nimbus.incidents.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches, through the query API, for each storm component's impact window: from the
 * moment the body holding the component's first signal was sent to the moment {@code GET
 * /api/incidents/{id}} lists an open window on the component with
 * {@code source: MONITOR}.
 * <p>
 * The watching must neither load the stack it measures nor add its own delay to the time:
 * every 100 ms, while a component whose first signal was sent has no window seen, it
 * reads the list of open incidents (one page of at most 200), which gives each incident's
 * components and version; an incident is asked for its summary only when the list shows
 * it at a version its last summary did not have (or a second after that summary, in case
 * the list is behind the summary), until its components' windows are seen. So a time is
 * late by at most 100 ms and the time of two reads, however many components wait (asking
 * each component's incident in turn took a round of 50 reads, up to a second under the
 * storm, and a tenth of the machine).
 */
final class WindowWatch {

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final int PAGE = 200;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Http http;

	private final String queryUrl;

	private final String viewer;

	private final AlertStorm storm;

	private final StormSenders senders;

	private final Map<String, Integer> byComponent = new LinkedHashMap<>();

	private final List<Set<String>> incidents = new ArrayList<>();

	private final long[] seenAt;

	/** Per incident: the version the list last showed, and its last summary's. */
	private final Map<String, long[]> versions = new LinkedHashMap<>();

	/**
	 * One moment on both clocks, to place the services' {@code recordedAt} on the
	 * bench's.
	 */
	private final long clockAt = System.nanoTime();

	private final Instant wallAt = Instant.now();

	WindowWatch(Http http, String queryUrl, String viewer, AlertStorm storm, StormSenders senders) {
		this.http = http;
		this.queryUrl = queryUrl;
		this.viewer = viewer;
		this.storm = storm;
		this.senders = senders;
		List<AlertStorm.Component> components = storm.components();
		for (int c = 0; c < components.size(); c++) {
			this.byComponent.put(components.get(c).service() + "|" + components.get(c).region(), c);
			this.incidents.add(new LinkedHashSet<>());
		}
		this.seenAt = new long[components.size()];
	}

	/**
	 * @param timeToWindowNanos per component; a window not seen counts the time it was
	 * watched for (a lower bound)
	 * @param incidents open incidents on the storm's components
	 * @param windows windows with {@code source: MONITOR} on them, over all those
	 * incidents (one per component when none was opened twice)
	 */
	record Result(int components, int opened, long[] timeToWindowNanos, int incidents, int windows,
			long[] toRecordedNanos, long[] recordedToSeenNanos) {
	}

	/**
	 * Watches until every component's window is seen, or until {@code deadline} (a
	 * {@link System#nanoTime()}) once {@code stormSent} says the storm is over.
	 */
	Result watch(java.util.function.BooleanSupplier stormSent, Duration patienceAfterStorm) {
		long deadline = Long.MAX_VALUE;
		while (opened() < this.seenAt.length && System.nanoTime() < deadline) {
			if (deadline == Long.MAX_VALUE && stormSent.getAsBoolean()) {
				deadline = System.nanoTime() + patienceAfterStorm.toNanos();
			}
			long round = System.nanoTime();
			if (waiting()) {
				list();
				pollMoved();
			}
			LockSupport.parkNanos(Math.max(0, POLL_NANOS - (System.nanoTime() - round)));
		}
		long end = System.nanoTime();
		long[] times = new long[this.seenAt.length];
		for (int c = 0; c < times.length; c++) {
			times[c] = ((this.seenAt[c] != 0) ? this.seenAt[c] : end) - sent(c);
		}
		list();
		Set<String> all = new LinkedHashSet<>();
		this.incidents.forEach(all::addAll);
		int windows = 0;
		for (String incident : all) {
			JsonNode summary = summary(incident);
			for (String list : List.of("openImpacts", "closedImpacts")) {
				for (JsonNode impact : summary.path(list)) {
					if ("MONITOR".equals(impact.path("source").asString(""))
							&& this.byComponent.containsKey(component(impact))) {
						windows++;
					}
				}
			}
		}
		long[][] stages = stages();
		return new Result(times.length, opened(), times, all.size(), windows, stages[0], stages[1]);
	}

	/**
	 * Where each seen window's time went: from the first signal sent to the
	 * {@code recordedAt} of the window's {@code ImpactReported} (taken in and placed by
	 * the command service), and from then to the window seen in the query API (relayed,
	 * projected, read). Clocks: the bench's and the services' are this machine's one.
	 */
	private long[][] stages() {
		long[] toRecorded = new long[this.seenAt.length];
		long[] recordedToSeen = new long[this.seenAt.length];
		int n = 0;
		for (int c = 0; c < this.seenAt.length; c++) {
			Instant recordedAt = (this.seenAt[c] != 0) ? windowRecordedAt(c) : null;
			if (recordedAt == null) {
				continue;
			}
			long recordedNanos = this.clockAt + Duration.between(this.wallAt, recordedAt).toNanos();
			toRecorded[n] = recordedNanos - sent(c);
			recordedToSeen[n] = this.seenAt[c] - recordedNanos;
			n++;
		}
		return new long[][] { Arrays.copyOf(toRecorded, n), Arrays.copyOf(recordedToSeen, n) };
	}

	private Instant windowRecordedAt(int c) {
		AlertStorm.Component component = this.storm.components().get(c);
		for (String incident : this.incidents.get(c)) {
			Http.Response response = get("/api/incidents/" + incident + "/events");
			if (response == null || !response.ok()) {
				continue;
			}
			for (JsonNode event : JSON.readTree(response.body()).path("events")) {
				JsonNode payload = event.path("payload");
				if ("ImpactReported".equals(event.path("type").asString(""))
						&& "MONITOR".equals(payload.path("source").asString(""))
						&& component.service().equals(payload.path("service").asString(""))
						&& component.region().equals(payload.path("region").asString(""))) {
					return Instant.parse(event.path("recordedAt").asString());
				}
			}
		}
		return null;
	}

	/** Whether a component whose first signal was sent has no window seen yet. */
	private boolean waiting() {
		for (int c = 0; c < this.seenAt.length; c++) {
			if (this.seenAt[c] == 0 && sent(c) != 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads the summary of each incident on a waiting component that moved since its last
	 * summary, and marks the components whose monitoring window it shows.
	 */
	private void pollMoved() {
		Set<String> asked = new LinkedHashSet<>();
		for (int c = 0; c < this.seenAt.length; c++) {
			if (this.seenAt[c] != 0 || sent(c) == 0) {
				continue;
			}
			for (String incident : this.incidents.get(c)) {
				long[] known = this.versions.get(incident);
				boolean moved = known[0] > known[1] || System.nanoTime() - known[2] >= RECHECK_NANOS;
				if (moved && asked.add(incident)) {
					JsonNode summary = summary(incident);
					known[1] = Math.max(known[1], summary.path("version").asLong(-1));
					known[2] = System.nanoTime();
					markSeen(summary);
				}
			}
		}
	}

	private void markSeen(JsonNode summary) {
		long now = System.nanoTime();
		for (JsonNode impact : summary.path("openImpacts")) {
			Integer c = this.byComponent.get(component(impact));
			if (c != null && this.seenAt[c] == 0 && sent(c) != 0
					&& "MONITOR".equals(impact.path("source").asString(""))) {
				this.seenAt[c] = now;
			}
		}
	}

	private int opened() {
		int opened = 0;
		for (long at : this.seenAt) {
			opened += (at != 0) ? 1 : 0;
		}
		return opened;
	}

	private long sent(int component) {
		return this.senders.sentAt(this.storm.firstBody(component));
	}

	/**
	 * The open incidents, page by page: which covers which storm component.
	 */
	private void list() {
		for (int page = 0;; page++) {
			Http.Response response = get("/api/incidents?status=OPEN&size=" + PAGE + "&page=" + page);
			if (response == null || !response.ok()) {
				return;
			}
			JsonNode items = JSON.readTree(response.body()).path("items");
			for (JsonNode item : items) {
				String incident = item.path("incidentId").asString();
				this.versions.computeIfAbsent(incident, (id) -> new long[] { -1, -1, 0 })[0] = item.path("version")
					.asLong(-1);
				for (JsonNode service : item.path("services")) {
					for (JsonNode region : item.path("regions")) {
						Integer c = this.byComponent.get(service.asString() + "|" + region.asString());
						if (c != null) {
							this.incidents.get(c).add(item.path("incidentId").asString());
						}
					}
				}
			}
			if (items.size() < PAGE) {
				return;
			}
		}
	}

	private JsonNode summary(String incident) {
		Http.Response response = get("/api/incidents/" + incident);
		return (response != null && response.ok()) ? JSON.readTree(response.body()) : JSON.createObjectNode();
	}

	/**
	 * A read, {@code null} when it went unanswered: asked again at the next poll.
	 */
	private Http.Response get(String path) {
		try {
			return this.http.send("GET", this.queryUrl + path, this.viewer, null);
		}
		catch (java.io.UncheckedIOException ex) {
			return null;
		}
	}

	private static String component(JsonNode impact) {
		return impact.path("service").asString("") + "|" + impact.path("region").asString("");
	}

}
