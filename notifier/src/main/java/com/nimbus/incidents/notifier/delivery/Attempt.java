package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;

/**
 * One delivery attempt as {@code GET /api/subscriptions/{id}/deliveries} shows it.
 *
 * @param eventId the event (the notification id)
 * @param incidentId its incident
 * @param sequence its sequence
 * @param eventType its type
 * @param status DELIVERED, RETRY, REJECTED, GONE or DEAD_LETTER
 * @param statusCode the receiver's status code, 0 when none
 * @param latencyMillis how long the attempt took
 * @param error what went wrong, or null
 * @param attempt which attempt of this delivery (from 1)
 * @param at when its outcome came
 * @param replay sent again by a replay
 */
public record Attempt(String eventId, String incidentId, long sequence, String eventType, String status, int statusCode,
		long latencyMillis, String error, int attempt, Instant at, boolean replay) {

	static final String DEAD_LETTER = "DEAD_LETTER";

}
