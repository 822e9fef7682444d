package com.nimbus.incidents.command.relay;

import java.util.List;

import org.axonframework.eventhandling.DomainEventMessage;

/**
 * The events of one aggregate (an incident or a contract) appended together, sequences
 * {@code from..to}, with the ledger entry that stands for them until Kafka has
 * acknowledged every one.
 *
 * @param events the events, or {@code null} when they are to be read back from the store
 */
record RelayBatch(String ledgerId, String aggregateId, long from, long to, List<DomainEventMessage<?>> events) {

	int size() {
		return (int) (this.to - this.from + 1);
	}

	RelayBatch withoutEvents() {
		return new RelayBatch(this.ledgerId, this.aggregateId, this.from, this.to, null);
	}

	RelayBatch withEvents(List<DomainEventMessage<?>> loaded) {
		return new RelayBatch(this.ledgerId, this.aggregateId, this.from, this.to, loaded);
	}

}
