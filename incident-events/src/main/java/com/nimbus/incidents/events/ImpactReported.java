package com.nimbus.incidents.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A window of customer-visible impact on one service in one region. The envelope's
 * {@code occurredAt} is {@code startedAt}.
 */
@SchemaVersion(1)
public record ImpactReported(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
		Instant startedAt, Instant endedAt, AffectedUsers estimatedAffectedUsers,
		List<String> affectedCustomerIds) implements IncidentEvent {

	public ImpactReported {
		affectedCustomerIds = (affectedCustomerIds != null) ? List.copyOf(affectedCustomerIds) : null;
	}

}
