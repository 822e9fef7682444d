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
 * Responders' writes at a steady rate (notes on open incidents), for as long as asked,
 * whatever else runs: the latency of each acknowledged command.
 */
final class CommandStream {

	private static final int SENDERS = 8;

	private final Http http;

	private final String commandUrl;

	private final String responder;

	private final List<String> incidents;

	CommandStream(Http http, String commandUrl, String responder, List<String> incidents) {
		this.http = http;
		this.commandUrl = commandUrl;
		this.responder = responder;
		this.incidents = List.copyOf(incidents);
	}

	record Latency(long commands, long failed, double perSecond, double p50Ms, double p99Ms) {
	}

	Latency run(double perSecond, int seconds) throws Exception {
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
		long[] failed = new long[SENDERS];
		long intervalNanos = (long) (1e9 * SENDERS / perSecond);
		long started = System.nanoTime();
		long end = started + TimeUnit.SECONDS.toNanos(seconds);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int sender = 0; sender < SENDERS; sender++) {
				int self = sender;
				done.add(senders.submit(() -> {
					long next = started + self * intervalNanos / SENDERS;
					for (int n = 0; next < end; n++, next += intervalNanos) {
						LockSupport.parkNanos(next - System.nanoTime());
						String incidentId = this.incidents.get((self + n * SENDERS) % this.incidents.size());
						Http.Response response = this.http.send("POST",
								this.commandUrl + "/api/incidents/" + incidentId + "/notes", this.responder,
								"{\"text\":\"Crowd check " + n + " from sender " + self + "\"}");
						if (response.ok()) {
							nanos.add(response.nanos());
						}
						else {
							failed[self]++;
						}
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(seconds + 300L, TimeUnit.SECONDS);
			}
		}
		finally {
			senders.shutdownNow();
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		long[] all = nanos.stream().mapToLong(Long::longValue).toArray();
		long failures = 0;
		for (long count : failed) {
			failures += count;
		}
		return new Latency(all.length, failures, all.length / elapsed, Stats.percentileMs(all, 50),
				Stats.percentileMs(all, 99));
	}

}
