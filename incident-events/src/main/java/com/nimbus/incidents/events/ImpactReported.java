package com.nimbus.incidents.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A window of customer-visible impact on one service in one region. The envelope's
 * {@code occurredAt} is {@code startedAt}.
 * <p>
 * Version 2 adds {@code source} (a person, or monitoring) and, for a window monitoring
 * opened, the {@code fingerprint} of the signal that opened it; version 1 reads as
 * reported by a person.
 */
@SchemaVersion(2)
public record ImpactReported(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
		Instant startedAt, Instant endedAt, AffectedUsers estimatedAffectedUsers, List<String> affectedCustomerIds,
		ImpactSource source, String fingerprint) implements IncidentEvent {

	public ImpactReported {
		affectedCustomerIds = (affectedCustomerIds != null) ? List.copyOf(affectedCustomerIds) : null;
		source = (source != null) ? source : ImpactSource.RESPONDER;
	}

	/**
	 * A window a person reported.
	 */
	public ImpactReported(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
			Instant startedAt, Instant endedAt, AffectedUsers estimatedAffectedUsers,
			List<String> affectedCustomerIds) {
		this(impactId, service, region, level, errorRate, startedAt, endedAt, estimatedAffectedUsers,
				affectedCustomerIds, ImpactSource.RESPONDER, null);
	}

}
