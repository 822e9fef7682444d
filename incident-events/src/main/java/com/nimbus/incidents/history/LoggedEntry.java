package com.nimbus.incidents.history;

import java.time.Instant;

/**
 * An action or a note as it stands in the log.
 *
 * @param kind the action kind, or {@code NOTE}
 */
public record LoggedEntry(long sequence, Instant occurredAt, Instant recordedAt, String actor, String kind,
		String text) {

}
