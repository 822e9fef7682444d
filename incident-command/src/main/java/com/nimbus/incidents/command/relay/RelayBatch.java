package com.nimbus.incidents.command.relay;

import java.util.List;

/**
 * The events of one aggregate (an incident or a contract) appended together, sequences
 * {@code from..to}, with the ledger entry that stands for them until Kafka has
 * acknowledged every one.
 *
 * @param eventIds the ids of the events appended, in sequence order: what the store must
 * hold at these sequences for them to be this batch's (another writer may have taken a
 * sequence when this append failed)
 * @param records the events in their published form, or {@code null} when they are to be
 * read back from the store
 * @param recovered whether the batch was left by a process that is gone (this service's
 * previous run, or another instance whose lease ran out): some of its events may be on
 * the topic already
 */
record RelayBatch(String ledgerId, String aggregateId, long from, long to, List<String> eventIds,
		List<Outgoing> records, boolean recovered) {

	RelayBatch {
		eventIds = (eventIds != null) ? List.copyOf(eventIds) : List.of();
	}

	int size() {
		return (int) (this.to - this.from + 1);
	}

	/**
	 * Bytes the batch holds in memory: its encoded records, or nothing.
	 */
	long bytes() {
		return (this.records != null) ? this.records.stream().mapToLong(Outgoing::bytes).sum() : 0;
	}

	RelayBatch withoutRecords() {
		return new RelayBatch(this.ledgerId, this.aggregateId, this.from, this.to, this.eventIds, null, this.recovered);
	}

	RelayBatch withRecords(List<Outgoing> loaded) {
		return new RelayBatch(this.ledgerId, this.aggregateId, this.from, this.to, this.eventIds, loaded,
				this.recovered);
	}

}
