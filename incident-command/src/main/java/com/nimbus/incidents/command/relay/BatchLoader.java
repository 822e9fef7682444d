package com.nimbus.incidents.command.relay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * A batch's records: those it carries, or its events read back from the store and
 * encoded. What the store holds at the batch's sequences is the batch's only if the event
 * ids match those its append wrote; a sequence that is missing, or holds another writer's
 * event, was never this batch's to deliver (its append failed), so it is left out. The
 * proof that an append never landed is this read, made after the append has failed or its
 * process has gone.
 */
class BatchLoader {

	private final EventStorageEngine store;

	private final EnvelopeEncoder encoder;

	BatchLoader(EventStorageEngine store, EnvelopeEncoder encoder) {
		this.store = store;
		this.encoder = encoder;
	}

	List<Outgoing> load(RelayBatch batch) {
		if (batch.records() != null) {
			return batch.records();
		}
		Set<String> ours = new HashSet<>(batch.eventIds());
		List<Outgoing> records = new ArrayList<>();
		DomainEventStream stream = this.store.readEvents(batch.aggregateId(), batch.from());
		while (stream.hasNext() && stream.peek().getSequenceNumber() <= batch.to()) {
			DomainEventMessage<?> event = stream.next();
			if (ours.isEmpty() || ours.contains(event.getIdentifier())) {
				records.add(this.encoder.outgoing(event));
			}
		}
		return records;
	}

}
