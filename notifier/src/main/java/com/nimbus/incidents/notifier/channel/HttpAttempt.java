package com.nimbus.incidents.notifier.channel;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * One HTTP exchange and its outcome. The outcome completes exactly once: with the
 * receiver's status once the body is read (up to the cap), with the failure, or at the
 * deadline, which cancels the exchange and the body still being read.
 */
final class HttpAttempt {

	/** Control characters and white space, folded to one space in an excerpt. */
	private static final Pattern BLANKS = Pattern.compile("[\\p{Cntrl}\\s]+");

	private static final int EXCERPT = 200;

	private final long startedNanos;

	private final Duration deadline;

	private final CompletableFuture<DeliveryOutcome> outcome;

	private final CappedBody body;

	private volatile int status = -1;

	private volatile CompletableFuture<HttpResponse<String>> exchange;

	HttpAttempt(long startedNanos, Duration deadline, int maxResponseBytes,
			CompletableFuture<DeliveryOutcome> outcome) {
		this.startedNanos = startedNanos;
		this.deadline = deadline;
		this.outcome = outcome;
		this.body = new CappedBody(maxResponseBytes);
	}

	void start(HttpClient client, HttpRequest request) {
		if (this.outcome.isDone()) {
			return;
		}
		CompletableFuture<HttpResponse<String>> started = client.sendAsync(request, (info) -> {
			this.status = info.statusCode();
			return this.body;
		});
		this.exchange = started;
		started.whenComplete((response, failure) -> {
			long latency = Outcomes.millisSince(this.startedNanos);
			if (failure == null) {
				this.outcome.complete(Outcomes.ofStatus(response.statusCode(), latency, excerpt(response.body())));
			}
			else {
				this.outcome.complete(Outcomes.retry(latency, describe(failure)));
			}
		});
		if (this.outcome.isDone()) {
			cancel();
		}
	}

	/**
	 * The deadline passed: the status decides if it came, otherwise it timed out.
	 */
	void expire() {
		long latency = Outcomes.millisSince(this.startedNanos);
		int seen = this.status;
		if (seen >= 0) {
			DeliveryOutcome byStatus = Outcomes.ofStatus(seen, latency, "");
			this.outcome.complete(new DeliveryOutcome(byStatus.result(), seen, latency,
					(byStatus.error() != null ? byStatus.error() + "; " : "") + "response body timed out after "
							+ this.deadline.toMillis() + " ms (" + this.body.bytesRead() + " bytes read)"));
		}
		else {
			this.outcome.complete(Outcomes.retry(latency, "timed out after " + this.deadline.toMillis() + " ms"));
		}
		cancel();
	}

	private void cancel() {
		this.body.cancel();
		CompletableFuture<HttpResponse<String>> current = this.exchange;
		if (current != null) {
			current.cancel(true);
		}
	}

	static String describe(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof HttpConnectTimeoutException) {
			return "connect timed out";
		}
		if (cause instanceof HttpTimeoutException) {
			return "timed out";
		}
		if (cause instanceof ConnectException) {
			return "connection refused";
		}
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	static String excerpt(String body) {
		if (body == null) {
			return "";
		}
		String flat = BLANKS.matcher(body).replaceAll(" ").strip();
		return (flat.length() > EXCERPT) ? flat.substring(0, EXCERPT) + "…" : flat;
	}

}
