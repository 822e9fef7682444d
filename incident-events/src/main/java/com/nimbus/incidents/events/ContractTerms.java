package com.nimbus.incidents.events;

import java.time.Instant;
import java.util.List;

/**
 * A customer's contract terms from {@code effectiveFrom} on.
 */
public record ContractTerms(String customerName, long activeUsers, Instant effectiveFrom, List<ServiceTerms> services) {

	public ContractTerms {
		services = List.copyOf(services);
	}

}
