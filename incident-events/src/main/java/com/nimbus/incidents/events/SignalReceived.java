package com.nimbus.incidents.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A monitoring signal that an incident took in: the first firing of an alert (by its
 * source and fingerprint) or its resolution, never a repeat. The envelope's
 * {@code occurredAt} is the alert's {@code startsAt} when firing and its {@code endsAt}
 * when resolved.
 *
 * @param impactId the window the signal opened, holds or ended; {@code null} when it
 * moved none (a window a person made final, or one a person reported)
 */
@SchemaVersion(1)
public record SignalReceived(String source, String fingerprint, SignalStatus status, String service, String region,
		ImpactLevel level, BigDecimal errorRate, Instant startsAt, Instant endsAt, String summary,
		String impactId) implements IncidentEvent {

}
