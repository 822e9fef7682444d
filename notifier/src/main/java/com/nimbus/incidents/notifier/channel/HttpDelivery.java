package com.nimbus.incidents.notifier.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP client of the webhook and Slack channels: the JDK's asynchronous
 * {@link HttpClient} (no dependency, non-blocking, connection pooling; HTTP/1.1, so a
 * cancelled exchange closes its connection and plain-http receivers see no h2c upgrade),
 * with a connect timeout, a total deadline per attempt (a receiver that hangs or answers
 * byte by byte is cut off and the exchange cancelled), redirects never followed, and
 * response bodies read up to a cap. (The request's own timeout, a second later, is only a
 * backstop: the deadline timer decides and cancels.) In production the target's host is
 * resolved again just before sending, on a small pool of its own, and refused if it now
 * resolves to a local address (DNS rebinding); the client's own lookup then meets the
 * JVM's address cache.
 */
public final class HttpDelivery implements AutoCloseable {

	private final UrlTargetPolicy policy;

	private final Duration deadline;

	private final int maxResponseBytes;

	private final ExecutorService clientExecutor;

	private final ThreadPoolExecutor resolvers;

	private final ScheduledExecutorService timer;

	private final HttpClient client;

	public HttpDelivery(UrlTargetPolicy policy, Duration connectTimeout, Duration deadline, int maxResponseBytes) {
		this.policy = policy;
		this.deadline = deadline;
		this.maxResponseBytes = maxResponseBytes;
		this.clientExecutor = Executors.newFixedThreadPool(4, threads("notifier-http-"));
		this.resolvers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
				threads("notifier-resolve-"));
		this.timer = Executors.newSingleThreadScheduledExecutor(threads("notifier-http-deadline-"));
		this.resolvers.prestartAllCoreThreads();
		this.client = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.executor(this.clientExecutor)
			.build();
	}

	/**
	 * POSTs {@code body} to {@code target}; the future completes within the deadline,
	 * never exceptionally, and the caller's thread never waits on the receiver.
	 */
	public CompletableFuture<DeliveryOutcome> post(String target, byte[] body, Map<String, String> headers) {
		long started = System.nanoTime();
		URI uri;
		try {
			uri = new URI(target);
			if (uri.getHost() == null) {
				return CompletableFuture.completedFuture(Outcomes.rejected(0, "the target URL has no host"));
			}
		}
		catch (URISyntaxException ex) {
			return CompletableFuture.completedFuture(Outcomes.rejected(0, "the target is not a URL"));
		}
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(uri)
				.timeout(this.deadline.plusSeconds(1))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			headers.forEach(request::header);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.completedFuture(Outcomes.rejected(0, "cannot send: " + ex.getMessage()));
		}
		CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
		HttpAttempt attempt = new HttpAttempt(started, this.deadline, this.maxResponseBytes, outcome);
		ScheduledFuture<?> expiry;
		try {
			expiry = this.timer.schedule(attempt::expire, this.deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(Outcomes.retry(0, "the notifier is shutting down"));
		}
		outcome.whenComplete((done, failure) -> expiry.cancel(false));
		addressCheck(uri.getHost()).whenComplete((refusal, failure) -> {
			long latency = Outcomes.millisSince(started);
			if (failure != null) {
				outcome.complete(Outcomes.retry(latency, "address check failed: " + HttpAttempt.describe(failure)));
			}
			else if (refusal.isPresent()) {
				outcome.complete(Outcomes.rejected(latency, refusal.get()));
			}
			else {
				try {
					attempt.start(this.client, request.build());
				}
				catch (RuntimeException ex) {
					outcome.complete(Outcomes.retry(latency, HttpAttempt.describe(ex)));
				}
			}
		});
		return outcome;
	}

	private CompletableFuture<Optional<String>> addressCheck(String host) {
		if (this.policy.allowsLocalTargets()) {
			return CompletableFuture.completedFuture(Optional.empty());
		}
		try {
			return CompletableFuture.supplyAsync(() -> this.policy.addressRefusal(host), this.resolvers);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.failedFuture(new IllegalStateException("too many address checks waiting"));
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
		this.resolvers.shutdownNow();
		this.clientExecutor.shutdownNow();
	}

	static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
