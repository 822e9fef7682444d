package com.nimbus.incidents.notifier.channel;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;

/**
 * How an HTTP receiver's status becomes a {@link DeliveryOutcome}: 2xx delivered; 410
 * gone; 3xx retried (redirects are never followed); 429 and 5xx retried; any other 4xx
 * rejected.
 */
final class Outcomes {

	private Outcomes() {
	}

	static DeliveryOutcome ofStatus(int status, long latencyMillis, String bodyExcerpt) {
		if (status >= 200 && status < 300) {
			return new DeliveryOutcome(Result.DELIVERED, status, latencyMillis, null);
		}
		if (status >= 300 && status < 400) {
			return new DeliveryOutcome(Result.RETRY, status, latencyMillis, "redirect refused (HTTP " + status + ")");
		}
		String error = "HTTP " + status + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt);
		if (status == 410) {
			return new DeliveryOutcome(Result.GONE, status, latencyMillis, error);
		}
		if (status >= 400 && status < 500 && status != 429) {
			return new DeliveryOutcome(Result.REJECTED, status, latencyMillis, error);
		}
		return new DeliveryOutcome(Result.RETRY, status, latencyMillis, error);
	}

	static DeliveryOutcome retry(long latencyMillis, String error) {
		return new DeliveryOutcome(Result.RETRY, 0, latencyMillis, error);
	}

	static DeliveryOutcome rejected(long latencyMillis, String error) {
		return new DeliveryOutcome(Result.REJECTED, 0, latencyMillis, error);
	}

	static long millisSince(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1_000_000;
	}

}
