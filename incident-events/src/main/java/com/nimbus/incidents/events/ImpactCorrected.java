package com.nimbus.incidents.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A correction of an impact window. Each non-null field replaces the earlier value; the
 * earlier events stay in the log unchanged.
 * <p>
 * Version 2 adds {@code reopened}: {@code true} when an ended window is open again (a
 * monitoring signal that fired again within its route's flap window); its end is then
 * unknown. Version 1 never reopened.
 */
@SchemaVersion(2)
public record ImpactCorrected(String impactId, Instant startedAt, Instant endedAt, ImpactLevel level,
		BigDecimal errorRate, String reason, Boolean reopened) implements IncidentEvent {

	public ImpactCorrected {
		reopened = Boolean.TRUE.equals(reopened) ? Boolean.TRUE : null;
	}

	public ImpactCorrected(String impactId, Instant startedAt, Instant endedAt, ImpactLevel level, BigDecimal errorRate,
			String reason) {
		this(impactId, startedAt, endedAt, level, errorRate, reason, null);
	}

	/**
	 * Whether the correction opens the ended window again.
	 */
	public boolean reopens() {
		return Boolean.TRUE.equals(this.reopened);
	}

}
