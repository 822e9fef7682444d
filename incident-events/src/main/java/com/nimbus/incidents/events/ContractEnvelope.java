package com.nimbus.incidents.events;

import java.time.Instant;

/**
 * One record on {@code contract-events}, keyed by customer id: the same envelope as for
 * incidents, with the customer in place of the incident.
 *
 * @param sequence per customer, gapless from 0
 * @param occurredAt the terms' {@code effectiveFrom}
 */
public record ContractEnvelope(String eventId, String customerId, long sequence, String type, int schemaVersion,
		Instant occurredAt, Instant recordedAt, String actor, ContractEvent payload) {

	public static ContractEnvelope of(String eventId, String customerId, long sequence, Instant occurredAt,
			Instant recordedAt, String actor, ContractEvent payload) {
		EventType type = EventTypes.of(payload.getClass());
		return new ContractEnvelope(eventId, customerId, sequence, type.name(), type.schemaVersion(), occurredAt,
				recordedAt, actor, payload);
	}

}
