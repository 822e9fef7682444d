package com.nimbus.incidents.readmodel.status;

import java.time.Instant;
import java.util.Comparator;

import com.nimbus.incidents.events.UpdateStatus;

/**
 * A public status update, as posted.
 *
 * @param sequence the event's sequence in its incident's log: what makes appending the
 * same update twice a no-op
 */
public record StatusPageUpdate(UpdateStatus status, String message, Instant occurredAt, long sequence) {

	/**
	 * The order updates are listed in: by when they happened, then by sequence, the order
	 * in which the incident's fold picks its latest public update.
	 */
	public static final Comparator<StatusPageUpdate> ORDER = Comparator.comparing(StatusPageUpdate::occurredAt)
		.thenComparingLong(StatusPageUpdate::sequence);

	public StatusPageUpdate {
		occurredAt = StatusPageDocument.millis(occurredAt);
	}

}
