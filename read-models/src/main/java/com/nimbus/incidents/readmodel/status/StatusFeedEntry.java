package com.nimbus.incidents.readmodel.status;

import java.time.Instant;
import java.util.Comparator;

import com.nimbus.incidents.events.UpdateStatus;

/**
 * One entry of the public status feed: a public status update, or a change of an impact
 * window as the status page shows it. Only what the public status page may show is here:
 * the public title (or none), the update's status and message, the window's service,
 * region, level and times.
 *
 * @param eventId the event's id: the entry's stable identity (a retried poll or a replay
 * adds it once)
 * @param incidentId a key, never served
 * @param sequence a key, never served: orders entries recorded in the same millisecond
 * @param kind what changed
 * @param recordedAt when the platform learnt it: the feed's order and the entry's
 * {@code updated}
 * @param occurredAt when it happened (for an impact report its start, for an end its end)
 * @param publicTitle the incident's public title after the event; {@code null} while
 * nothing was published
 * @param status the update's status; {@code null} for an impact change
 * @param message the update's message; {@code null} for an impact change
 * @param window the window after the change; {@code null} for a status update
 */
public record StatusFeedEntry(String eventId, String incidentId, long sequence, Kind kind, Instant recordedAt,
		Instant occurredAt, String publicTitle, UpdateStatus status, String message, StatusPageWindow window) {

	/**
	 * Newest first: by recordedAt, then incident and sequence, then event id, so that any
	 * set of entries has one order.
	 */
	public static final Comparator<StatusFeedEntry> NEWEST_FIRST = Comparator.comparing(StatusFeedEntry::recordedAt)
		.thenComparing(StatusFeedEntry::incidentId)
		.thenComparingLong(StatusFeedEntry::sequence)
		.thenComparing(StatusFeedEntry::eventId)
		.reversed();

	public StatusFeedEntry {
		recordedAt = StatusPageDocument.millis(recordedAt);
		occurredAt = StatusPageDocument.millis(occurredAt);
	}

	/**
	 * What an entry says changed.
	 */
	public enum Kind {

		STATUS_UPDATE, IMPACT_REPORTED, IMPACT_CHANGED, IMPACT_ENDED

	}

}
