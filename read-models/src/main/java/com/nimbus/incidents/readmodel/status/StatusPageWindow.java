package com.nimbus.incidents.readmodel.status;

import java.time.Instant;

import com.nimbus.incidents.events.ImpactLevel;

/**
 * An impact window as the status page may show it: where, how bad and when, with the
 * latest known (corrected) times. Nothing about error rates, users or customers.
 *
 * @param endedAt {@code null} while the window is open
 */
public record StatusPageWindow(String service, String region, ImpactLevel level, Instant startedAt, Instant endedAt) {

	/**
	 * Times are kept to the millisecond, as the store keeps them, so that a window read
	 * back equals the one written.
	 */
	public StatusPageWindow {
		startedAt = StatusPageDocument.millis(startedAt);
		endedAt = StatusPageDocument.millis(endedAt);
	}

	public boolean open() {
		return this.endedAt == null;
	}

}
