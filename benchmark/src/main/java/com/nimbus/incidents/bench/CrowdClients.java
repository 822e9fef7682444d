package com.nimbus.incidents.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crowd on the status page, in a process of its own ({@link CrowdWorkload} starts it
 * with {@code nice}): {@code clients} anonymous clients asking for the page as fast as it
 * answers, each as a fresh browser would (no {@code If-None-Match}, with
 * {@code Accept-Encoding: gzip}), for {@code seconds}. On a real day the crowd's
 * processors are its own; on one machine the load generator must not take the processors
 * of the stack it measures, so it runs at a lower priority and takes what the stack
 * leaves.
 * <p>
 * Prints {@code STARTED} once its clients run, then one line
 * {@code CROWD <requests> <failed> <seconds> <p50 ms> <p99 ms>}.
 */
public final class CrowdClients {

	private CrowdClients() {
	}

	public static void main(String[] args) throws Exception {
		URI url = URI.create(args[0]);
		int clients = Integer.parseInt(args[1]);
		int seconds = Integer.parseInt(args[2]);
		ExecutorService crowdPool = Executors.newFixedThreadPool(clients);
		ExecutorService clientThreads = Executors.newFixedThreadPool(4);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(clientThreads)
			.build();
		ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong failed = new AtomicLong();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		long started = System.nanoTime();
		List<Future<?>> crowd = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			crowd.add(crowdPool.submit(() -> latencies.add(browse(client, url, end, failed))));
		}
		System.out.println("STARTED");
		System.out.flush();
		for (Future<?> future : crowd) {
			future.get(seconds + 120L, TimeUnit.SECONDS);
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
		System.out.printf(java.util.Locale.ROOT, "CROWD %d %d %.3f %.3f %.3f%n", all.length, failed.get(), elapsed,
				Stats.percentileMs(all, 50), Stats.percentileMs(all, 99));
		System.out.flush();
		crowdPool.shutdownNow();
		clientThreads.shutdownNow();
		System.exit(0);
	}

	/**
	 * One client asking again as soon as it has its answer, until {@code end}; a non-2xx
	 * answer or a failed request counts as failed (and as a request).
	 */
	private static long[] browse(HttpClient client, URI url, long end, AtomicLong failed) {
		long[] nanos = new long[1024];
		int count = 0;
		HttpRequest request = HttpRequest.newBuilder(url)
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
				nanos = Arrays.copyOf(nanos, count * 2);
			}
			nanos[count++] = System.nanoTime() - started;
		}
		return Arrays.copyOf(nanos, count);
	}

}
