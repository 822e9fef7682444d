package com.nimbus.incidents.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A correction of an impact window. Each non-null field replaces the earlier value; the
 * earlier events stay in the log unchanged.
 */
@SchemaVersion(1)
public record ImpactCorrected(String impactId, Instant startedAt, Instant endedAt, ImpactLevel level,
		BigDecimal errorRate, String reason) implements IncidentEvent {

}
