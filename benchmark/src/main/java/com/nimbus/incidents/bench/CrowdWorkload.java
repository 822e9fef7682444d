package com.nimbus.incidents.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The crowd workload: everyone refreshing the public status page at once, while
 * responders keep writing. First the writes alone at a steady rate, then the same writes
 * with {@code clients} anonymous clients asking for {@code /api/status} as fast as it
 * answers, each as a fresh browser would (no {@code If-None-Match}, with
 * {@code Accept-Encoding: gzip}). The query service's resident memory is sampled before,
 * during and after.
 */
final class CrowdWorkload {

	private final Http http;

	private final String commandUrl;

	private final String responder;

	private final List<String> incidents;

	private final long queryPid;

	private final String statusUrl;

	CrowdWorkload(Http http, String queryUrl, String commandUrl, String responder, List<String> incidents,
			long queryPid) {
		this.http = http;
		this.statusUrl = queryUrl + "/api/status";
		this.commandUrl = commandUrl;
		this.responder = responder;
		this.incidents = incidents;
		this.queryPid = queryPid;
	}

	record Crowd(long requests, long failed, double perSecond, double p50Ms, double p99Ms) {
	}

	record Result(Crowd crowd, CommandStream.Latency commandsAlone, CommandStream.Latency commandsDuringCrowd,
			double queryRssBeforeMiB, double queryRssPeakMiB, double queryRssAfterMiB) {
	}

	Result run(int clients, int seconds, double commandsPerSecond) throws Exception {
		CommandStream writes = new CommandStream(this.http, this.commandUrl, this.responder, this.incidents);
		CommandStream.Latency alone = writes.run(commandsPerSecond, seconds);
		double before = rssMiB();
		AtomicLong peakKib = new AtomicLong();
		ExecutorService crowdPool = Executors.newFixedThreadPool(clients + 2);
		// the HTTP client's own threads, stopped with the crowd so that the harness can
		// exit
		ExecutorService clientThreads = Executors.newFixedThreadPool(4);
		try {
			Future<?> sampler = crowdPool.submit(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					peakKib.accumulateAndGet(MemorySampler.statusField(this.queryPid, "VmRSS:"), Math::max);
					LockSupport.parkNanos(200_000_000L);
				}
			});
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				.executor(clientThreads)
				.build();
			ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
			AtomicLong failed = new AtomicLong();
			List<Future<?>> crowd = new ArrayList<>();
			long started = System.nanoTime();
			for (int c = 0; c < clients; c++) {
				crowd.add(crowdPool.submit(() -> latencies.add(browse(client, end, failed))));
			}
			CommandStream.Latency during = writes.run(commandsPerSecond, seconds);
			for (Future<?> future : crowd) {
				future.get(seconds + 120L, TimeUnit.SECONDS);
			}
			double elapsed = (System.nanoTime() - started) / 1e9;
			sampler.cancel(true);
			long total = latencies.stream().mapToLong((nanos) -> nanos.length).sum();
			long[] all = new long[(int) total];
			int at = 0;
			for (long[] nanos : latencies) {
				System.arraycopy(nanos, 0, all, at, nanos.length);
				at += nanos.length;
			}
			LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
			Crowd figures = new Crowd(total, failed.get(), total / elapsed, Stats.percentileMs(all, 50),
					Stats.percentileMs(all, 99));
			return new Result(figures, alone, during, before, peakKib.get() / 1024.0, rssMiB());
		}
		finally {
			crowdPool.shutdownNow();
			clientThreads.shutdownNow();
		}
	}

	/**
	 * One client asking again as soon as it has its answer, until {@code end}; a non-2xx
	 * answer or a failed request counts as failed (and as a request).
	 */
	private long[] browse(HttpClient client, long end, AtomicLong failed) {
		long[] nanos = new long[1024];
		int count = 0;
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.statusUrl))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json")
			// as every browser asks: the page is served gzipped from memory
			.header("Accept-Encoding", "gzip")
			.GET()
			.build();
		while (System.nanoTime() < end) {
			long started = System.nanoTime();
			try {
				HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
				if (response.statusCode() / 100 != 2) {
					failed.incrementAndGet();
				}
			}
			catch (java.io.IOException ex) {
				failed.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (count == nanos.length) {
				nanos = java.util.Arrays.copyOf(nanos, count * 2);
			}
			nanos[count++] = System.nanoTime() - started;
		}
		return java.util.Arrays.copyOf(nanos, count);
	}

	private double rssMiB() {
		return MemorySampler.statusField(this.queryPid, "VmRSS:") / 1024.0;
	}

}
