package com.nimbus.incidents.command.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * The event store as the rest of Axon sees it, with the relay's bookkeeping around every
 * append: the ledger entry is written before the events, and the events are handed to the
 * relay as soon as the append has succeeded. Every path that appends events passes here,
 * so none can bypass the guarantee.
 */
public class RelayingEventStorageEngine implements EventStorageEngine {

	private final EventStorageEngine delegate;

	private final PendingLedger ledger;

	private final EventRelay relay;

	RelayingEventStorageEngine(EventStorageEngine delegate, PendingLedger ledger, EventRelay relay) {
		this.delegate = delegate;
		this.ledger = ledger;
		this.relay = relay;
	}

	@Override
	public void appendEvents(List<? extends EventMessage<?>> events) {
		List<RelayBatch> batches = open(events);
		try {
			this.delegate.appendEvents(events);
		}
		catch (RuntimeException ex) {
			// Usually nothing was stored (a concurrent append took the sequence).
			// Whatever the
			// store holds at these sequences now is delivered from there, and the entries
			// settled.
			batches.forEach((batch) -> this.relay.enqueue(batch.withoutEvents()));
			throw ex;
		}
		// Stored now, whatever happens to the unit of work: deliver them.
		batches.forEach(this.relay::enqueue);
	}

	private List<RelayBatch> open(List<? extends EventMessage<?>> events) {
		Map<String, List<DomainEventMessage<?>>> byAggregate = new LinkedHashMap<>();
		for (EventMessage<?> event : events) {
			if (event instanceof DomainEventMessage<?> domainEvent) {
				byAggregate.computeIfAbsent(domainEvent.getAggregateIdentifier(), (id) -> new ArrayList<>())
					.add(domainEvent);
			}
		}
		List<RelayBatch> batches = new ArrayList<>();
		for (Map.Entry<String, List<DomainEventMessage<?>>> aggregate : byAggregate.entrySet()) {
			List<DomainEventMessage<?>> domainEvents = aggregate.getValue();
			batches.add(this.ledger.open(aggregate.getKey(), domainEvents.get(0).getSequenceNumber(),
					domainEvents.get(domainEvents.size() - 1).getSequenceNumber(), List.copyOf(domainEvents)));
		}
		return batches;
	}

	@Override
	public void storeSnapshot(DomainEventMessage<?> snapshot) {
		this.delegate.storeSnapshot(snapshot);
	}

	@Override
	public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
		return this.delegate.readEvents(trackingToken, mayBlock);
	}

	@Override
	public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
		return this.delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
	}

	@Override
	public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
		return this.delegate.readSnapshot(aggregateIdentifier);
	}

	@Override
	public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
		return this.delegate.lastSequenceNumberFor(aggregateIdentifier);
	}

	@Override
	public TrackingToken createTailToken() {
		return this.delegate.createTailToken();
	}

	@Override
	public TrackingToken createHeadToken() {
		return this.delegate.createHeadToken();
	}

	@Override
	public TrackingToken createTokenAt(Instant dateTime) {
		return this.delegate.createTokenAt(dateTime);
	}

}
