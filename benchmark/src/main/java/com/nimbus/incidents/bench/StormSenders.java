package com.nimbus.incidents.bench;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends an {@link AlertStorm} to {@code POST /api/signals/alertmanager} at a steady rate:
 * body {@code b} is due {@code b * seconds / bodies} after the start, sent by one of
 * {@code clients} threads in turn (a thread whose previous body is still unanswered sends
 * late, and the lateness is reported). Nothing is retried: a body not answered 202 counts
 * its signals as failed.
 */
final class StormSenders {

	private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

	private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");

	private final Http http;

	private final String url;

	private final String token;

	private final AlertStorm storm;

	/** When each body was sent ({@link System#nanoTime()}), 0 until then. */
	private final AtomicLongArray sentAt;

	StormSenders(Http http, String commandUrl, String token, AlertStorm storm) {
		this.http = http;
		this.url = commandUrl + "/api/signals/alertmanager";
		this.token = token;
		this.storm = storm;
		this.sentAt = new AtomicLongArray(storm.bodyCount());
	}

	/**
	 * @param accepted signals the 202 answers counted accepted, summed
	 * @param duplicates signals they counted repeats
	 * @param failed signals in bodies not answered 202 (or not answered)
	 * @param failedRequests those bodies
	 * @param seconds from the first body sent to the last answer
	 * @param latestMs how late the latest body was sent after it was due
	 */
	record Result(long signals, long requests, long accepted, long duplicates, long failed, long failedRequests,
			String firstFailure, double seconds, double p50Ms, double p99Ms, double latestMs) {

		/** Signals the answers counted (accepted or repeats) per second of sending. */
		double perSecond() {
			return (this.accepted + this.duplicates) / this.seconds;
		}

	}

	/**
	 * When the body was sent ({@link System#nanoTime()}), 0 while it was not.
	 */
	long sentAt(int body) {
		return this.sentAt.get(body);
	}

	Result run(int seconds, int clients) throws Exception {
		int bodies = this.storm.bodyCount();
		String[] json = new String[bodies];
		for (int b = 0; b < bodies; b++) {
			json[b] = this.storm.body(b);
		}
		long interval = TimeUnit.SECONDS.toNanos(seconds) / bodies;
		long[] nanos = new long[bodies];
		long[][] counts = new long[clients][5];
		String[] firstFailure = new String[clients];
		ExecutorService senders = Executors.newFixedThreadPool(clients);
		long started = System.nanoTime();
		long[] lastAnswer = new long[clients];
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				int self = client;
				done.add(senders.submit(() -> {
					for (int b = self; b < bodies; b += clients) {
						long due = started + b * interval;
						LockSupport.parkNanos(due - System.nanoTime());
						long sent = System.nanoTime();
						this.sentAt.set(b, sent);
						counts[self][4] = Math.max(counts[self][4], sent - due);
						String failure = send(json[b], this.storm.alertsIn(b), counts[self]);
						if (failure != null && firstFailure[self] == null) {
							firstFailure[self] = failure;
						}
						lastAnswer[self] = System.nanoTime();
						nanos[b] = lastAnswer[self] - sent;
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(seconds + 600L, TimeUnit.SECONDS);
			}
		}
		finally {
			senders.shutdownNow();
		}
		long[] total = new long[5];
		long end = started;
		String failure = null;
		for (int client = 0; client < clients; client++) {
			for (int i = 0; i < 4; i++) {
				total[i] += counts[client][i];
			}
			total[4] = Math.max(total[4], counts[client][4]);
			end = Math.max(end, lastAnswer[client]);
			failure = (failure != null) ? failure : firstFailure[client];
		}
		long signals = 0;
		for (int b = 0; b < bodies; b++) {
			signals += this.storm.alertsIn(b);
		}
		return new Result(signals, bodies, total[0], total[1], total[2], total[3], failure, (end - started) / 1e9,
				Stats.percentileMs(nanos, 50), Stats.percentileMs(nanos, 99), total[4] / 1e6);
	}

	/**
	 * Sends one body; counts into {@code counts}: accepted, duplicates, failed signals,
	 * failed requests.
	 * @return what went wrong, {@code null} when it was answered 202
	 */
	private String send(String body, int alerts, long[] counts) {
		try {
			Http.Response response = this.http.send("POST", this.url, this.token, body);
			long accepted = count(ACCEPTED, response.body());
			long duplicates = count(DUPLICATES, response.body());
			if (response.status() == 202 && accepted >= 0 && duplicates >= 0) {
				counts[0] += accepted;
				counts[1] += duplicates;
				return null;
			}
			counts[2] += alerts;
			counts[3]++;
			return response.status() + " " + response.body();
		}
		catch (UncheckedIOException ex) {
			counts[2] += alerts;
			counts[3]++;
			return ex.getMessage() + ": " + ex.getCause();
		}
	}

	/**
	 * The count the answer names, -1 when it names none.
	 */
	private static long count(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

}
