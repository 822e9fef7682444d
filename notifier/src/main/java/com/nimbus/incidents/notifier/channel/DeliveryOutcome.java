package com.nimbus.incidents.notifier.channel;

/**
 * What one attempt gave: DELIVERED (2xx / accepted by SMTP), RETRY (5xx, 429, timeout,
 * I/O, 3xx), GONE (410), REJECTED (other 4xx: retried like RETRY by the engine, but
 * reported as such). statusCode 0 when none.
 */
public record DeliveryOutcome(Result result, int statusCode, long latencyMillis, String error) {
	public enum Result {

		DELIVERED, RETRY, GONE, REJECTED

	}
}
