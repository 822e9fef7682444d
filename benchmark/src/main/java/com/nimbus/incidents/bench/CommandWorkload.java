package com.nimbus.incidents.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Workloads 2 and 3: responders' commands over HTTP from concurrent clients against a
 * thousand incidents, flat out; then at a steady half of that rate, each command's
 * projection lag (its 2xx to its version in the query API).
 */
final class CommandWorkload {

	private final Http http;

	private final String commandUrl;

	private final String queryUrl;

	private final String responder;

	private final String viewer;

	private final BenchSettings settings;

	private final List<String> incidents = new ArrayList<>();

	CommandWorkload(Http http, String commandUrl, String queryUrl, String responder, String viewer,
			BenchSettings settings) {
		this.http = http;
		this.commandUrl = commandUrl;
		this.queryUrl = queryUrl;
		this.responder = responder;
		this.viewer = viewer;
		this.settings = settings;
	}

	record Round(double perSecond, double p50Ms, double p99Ms) {
	}

	/**
	 * A lag round: the commands sent, and a second, the lag's percentiles, and those of
	 * the read that saw each watched command (its own round trip, part of the lag).
	 */
	record LagRound(int sent, double perSecond, double p50Ms, double p99Ms, double seenReadP50Ms,
			double seenReadP99Ms) {
	}

	/** When a watched version was seen, and how long the read that saw it took. */
	private record Seen(long at, long readNanos) {
	}

	/**
	 * One round: each client declares its share of the incidents, then cycles over them
	 * with an action, a status update and a note (the same mix as
	 * {@code AxonAppendBaseline}).
	 */
	Round round(int round) throws Exception {
		int clients = this.settings.clients();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		List<String> declared = java.util.Collections.synchronizedList(new ArrayList<>());
		long started = System.nanoTime();
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				int self = client;
				done.add(pool.submit(() -> client(round, self, latencies, declared)));
			}
			int sent = 0;
			for (Future<Integer> future : done) {
				sent += future.get(30, TimeUnit.MINUTES);
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
			synchronized (this.incidents) {
				this.incidents.clear();
				this.incidents.addAll(declared);
			}
			return new Round(sent / seconds, Stats.percentileMs(nanos, 50), Stats.percentileMs(nanos, 99));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private int client(int round, int client, ConcurrentLinkedQueue<Long> latencies, List<String> declared) {
		int clients = this.settings.clients();
		List<String> own = new ArrayList<>();
		for (int i = client; i < this.settings.incidents(); i += clients) {
			Http.Response response = this.http.expectOk("POST", this.commandUrl + "/api/incidents", this.responder,
					"{\"title\":\"Bench incident " + round + "-" + i + "\",\"severity\":\"SEV2\","
							+ "\"summary\":\"Benchmark workload\",\"detectionSource\":\"MONITORING\","
							+ "\"services\":[\"compute-api\"],\"regions\":[\"us-east-1\"]}");
			latencies.add(response.nanos());
			String incidentId = response.body().replaceAll(".*\"incidentId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
			own.add(incidentId);
			declared.add(incidentId);
		}
		int sent = own.size();
		for (int i = client, n = 0; i < this.settings.commands(); i += clients, n++) {
			String incidentId = own.get(n % own.size());
			latencies.add(command(incidentId, n).nanos());
			sent++;
		}
		return sent;
	}

	private Http.Response command(String incidentId, int n) {
		String base = this.commandUrl + "/api/incidents/" + incidentId;
		return switch (n % 3) {
			case 0 -> this.http.expectOk("POST", base + "/actions", this.responder,
					"{\"kind\":\"MITIGATION\",\"description\":\"Shifted traffic away, step " + n + "\"}");
			case 1 -> this.http.expectOk("POST", base + "/status-updates", this.responder,
					"{\"status\":\"INVESTIGATING\",\"message\":\"Still looking, update " + n + "\",\"public\":false}");
			default ->
				this.http.expectOk("POST", base + "/notes", this.responder, "{\"text\":\"Observation " + n + "\"}");
		};
	}

	/**
	 * Every how many commands of a client one is watched for its lag: watching is itself
	 * load on the query service and the store (a GET every few milliseconds per command
	 * watched), so a fixed sample of the commands is watched, not all.
	 */
	private static final int WATCH_EVERY = 8;

	/**
	 * One round of the lag workload: {@code perSecond} commands a second for
	 * {@code seconds}, paced over twice as many threads as clients; every eighth
	 * command's version is then watched in the query API (see {@link #awaitVisible})
	 * until it shows.
	 */
	LagRound lagRound(double perSecond, int seconds) throws Exception {
		// twice the clients' threads, so that a slow answer does not hold back the pace
		int clients = this.settings.clients() * 2;
		List<String> targets;
		synchronized (this.incidents) {
			targets = List.copyOf(this.incidents);
		}
		ExecutorService senders = Executors.newFixedThreadPool(clients);
		// a thread per command watched, so that no watch waits for another to finish (a
		// queued watch would add its wait to the lag it reports)
		ExecutorService watchers = Executors.newCachedThreadPool();
		ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> seenReads = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Future<?>> watching = new ConcurrentLinkedQueue<>();
		long intervalNanos = (long) (1e9 * clients / perSecond);
		long started = System.nanoTime();
		long end = started + TimeUnit.SECONDS.toNanos(seconds);
		int[] sentCounts = new int[clients];
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				int self = client;
				done.add(senders.submit(() -> {
					long next = started + self * intervalNanos / clients;
					for (int n = 0; next < end; n++, next += intervalNanos) {
						LockSupport.parkNanos(next - System.nanoTime());
						String incidentId = targets.get((self + n * clients) % targets.size());
						Http.Response response = command(incidentId, n);
						long acknowledged = System.nanoTime();
						long version = response.version();
						sentCounts[self]++;
						if (n % WATCH_EVERY == 0) {
							watching.add(watchers.submit(() -> {
								Seen seen = awaitVisible(incidentId, version);
								lags.add(seen.at() - acknowledged);
								seenReads.add(seen.readNanos());
							}));
						}
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(10, TimeUnit.MINUTES);
			}
			double seconds1 = (System.nanoTime() - started) / 1e9;
			for (Future<?> future : watching) {
				future.get(2, TimeUnit.MINUTES);
			}
			long[] nanos = lags.stream().mapToLong(Long::longValue).toArray();
			long[] reads = seenReads.stream().mapToLong(Long::longValue).toArray();
			int sent = java.util.Arrays.stream(sentCounts).sum();
			return new LagRound(sent, sent / seconds1, Stats.percentileMs(nanos, 50), Stats.percentileMs(nanos, 99),
					Stats.percentileMs(reads, 50), Stats.percentileMs(reads, 99));
		}
		finally {
			senders.shutdownNow();
			watchers.shutdownNow();
		}
	}

	/**
	 * Polls the query API for the version: every 5 ms for the first 100 ms, every 25 ms
	 * to one second, then every 100 ms, so that a slow projection is not slowed further
	 * by the watching (each watch's polls per second fall as it waits, so a lag that
	 * grows cannot make the watching grow with it and take the machine).
	 */
	private Seen awaitVisible(String incidentId, long version) {
		String url = this.queryUrl + "/api/incidents/" + incidentId;
		long started = System.nanoTime();
		long deadline = started + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline) {
			long reading = System.nanoTime();
			Http.Response response = this.http.get(url, this.viewer);
			if (response.ok() && response.version() >= version) {
				long seen = System.nanoTime();
				return new Seen(seen, seen - reading);
			}
			long waited = System.nanoTime() - started;
			long pause = (waited < TimeUnit.MILLISECONDS.toNanos(100)) ? 5
					: (waited < TimeUnit.SECONDS.toNanos(1)) ? 25 : 100;
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause));
		}
		throw new IllegalStateException(incidentId + " did not show version " + version + " within 2 minutes");
	}

}
