package com.nimbus.incidents.events;

import java.time.Instant;
import java.util.List;

/**
 * A customer's first contract. The envelope's {@code occurredAt} is
 * {@code effectiveFrom}.
 */
@SchemaVersion(1)
public record ContractRegistered(String customerName, long activeUsers, Instant effectiveFrom,
		List<ServiceTerms> services) implements ContractEvent {

	public ContractRegistered {
		services = List.copyOf(services);
	}

	@Override
	public ContractTerms terms() {
		return new ContractTerms(this.customerName, this.activeUsers, this.effectiveFrom, this.services);
	}

}
