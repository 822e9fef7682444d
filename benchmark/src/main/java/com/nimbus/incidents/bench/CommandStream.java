package com.nimbus.incidents.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Responders' writes at a steady rate (notes on open incidents), for as long as asked,
 * whatever else runs: the latency of each acknowledged command. The stream is open: each
 * command leaves at its time, however long the ones before it take (many responders, not
 * a few clients each waiting for its last answer; a closed loop of a few senders sends
 * fewer commands than asked as soon as the answers slow down, and so measures less load
 * than it reports).
 */
final class CommandStream {

	/**
	 * At most this many commands waiting for their answers: a stack that stops answering
	 * is not sent a thread per command (the stream then falls behind its rate, which its
	 * {@code perSecond} shows).
	 */
	private static final int MOST_IN_FLIGHT = 256;

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

	/**
	 * @param commands the commands acknowledged
	 * @param refused those answered 503 (the service's admission, ADR 41: nothing
	 * recorded)
	 * @param failed those answered otherwise
	 */
	record Latency(long commands, long refused, long failed, double perSecond, double p50Ms, double p99Ms) {
	}

	/**
	 * {@code perSecond * seconds} notes, the n-th sent at {@code n / perSecond} s, round
	 * robin over the incidents; returns when every one is answered.
	 */
	Latency run(double perSecond, int seconds) throws Exception {
		ExecutorService senders = Executors.newCachedThreadPool();
		Semaphore inFlight = new Semaphore(MOST_IN_FLIGHT);
		ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
		AtomicLong failed = new AtomicLong();
		AtomicLong refused = new AtomicLong();
		long count = Math.round(perSecond * seconds);
		double intervalNanos = 1e9 / perSecond;
		long started = System.nanoTime();
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (long n = 0; n < count; n++) {
				LockSupport.parkNanos(started + (long) (n * intervalNanos) - System.nanoTime());
				inFlight.acquire();
				String incidentId = this.incidents.get((int) (n % this.incidents.size()));
				String body = "{\"text\":\"Crowd check " + n + "\"}";
				sent.add(senders.submit(() -> {
					try {
						Http.Response response = this.http.send("POST",
								this.commandUrl + "/api/incidents/" + incidentId + "/notes", this.responder, body);
						if (response.ok()) {
							nanos.add(response.nanos());
						}
						else if (response.status() == 503) {
							refused.incrementAndGet();
						}
						else {
							failed.incrementAndGet();
						}
					}
					finally {
						inFlight.release();
					}
				}));
			}
			for (Future<?> future : sent) {
				future.get(300, TimeUnit.SECONDS);
			}
		}
		finally {
			senders.shutdownNow();
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		long[] all = nanos.stream().mapToLong(Long::longValue).toArray();
		return new Latency(all.length, refused.get(), failed.get(), all.length / elapsed, Stats.percentileMs(all, 50),
				Stats.percentileMs(all, 99));
	}

}
