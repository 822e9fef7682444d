package com.nimbus.incidents.events;

import java.time.Instant;
import java.util.List;

/**
 * New terms for a customer, in force from {@code effectiveFrom}; earlier periods keep the
 * earlier terms. The envelope's {@code occurredAt} is {@code effectiveFrom}.
 */
@SchemaVersion(1)
public record ContractAmended(String customerName, long activeUsers, Instant effectiveFrom,
		List<ServiceTerms> services) implements ContractEvent {

	public ContractAmended {
		services = List.copyOf(services);
	}

	@Override
	public ContractTerms terms() {
		return new ContractTerms(this.customerName, this.activeUsers, this.effectiveFrom, this.services);
	}

}
