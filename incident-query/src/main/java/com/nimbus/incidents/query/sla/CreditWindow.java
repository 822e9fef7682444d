package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;

/**
 * An impact window as the credit rules read it, with its latest known values.
 *
 * @param endedAt {@code null} while the window is open
 * @param affectedCustomerIds empty when the window names no customers
 */
public record CreditWindow(String incidentId, String impactId, String service, String region, ImpactLevel level,
		BigDecimal errorRate, Instant startedAt, Instant endedAt, List<String> affectedCustomerIds) {

	public CreditWindow {
		affectedCustomerIds = (affectedCustomerIds != null) ? List.copyOf(affectedCustomerIds) : List.of();
	}

	boolean concerns(String customerId) {
		return this.affectedCustomerIds.isEmpty() || this.affectedCustomerIds.contains(customerId);
	}

}
