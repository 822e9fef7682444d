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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store as the rest of Axon sees it, with the relay's bookkeeping around every
 * append: the divergence guard first (no published sequence is ever given out again), the
 * ledger entry (with the events' ids) before the events, and the encoded events handed to
 * the relay as soon as the append has succeeded. Every path that appends events passes
 * here, so none can bypass the guarantee.
 */
public class RelayingEventStorageEngine implements EventStorageEngine {

	private static final Logger log = LoggerFactory.getLogger(RelayingEventStorageEngine.class);

	private final EventStorageEngine delegate;

	private final PendingLedger ledger;

	private final EventRelay relay;

	private final EnvelopeEncoder encoder;

	RelayingEventStorageEngine(EventStorageEngine delegate, PendingLedger ledger, EventRelay relay,
			EnvelopeEncoder encoder) {
		this.delegate = delegate;
		this.ledger = ledger;
		this.relay = relay;
		this.encoder = encoder;
	}

	@Override
	public void appendEvents(List<? extends EventMessage<?>> events) {
		Map<String, List<DomainEventMessage<?>>> byAggregate = byAggregate(events);
		byAggregate.forEach((aggregate, domainEvents) -> this.relay.beforeAppend(aggregate,
				domainEvents.get(0).getSequenceNumber()));
		List<RelayBatch> batches = open(byAggregate);
		try {
			this.delegate.appendEvents(events);
		}
		catch (RuntimeException ex) {
			// Usually nothing was stored (a concurrent append took the sequence). The
			// relay
			// reads the store at these sequences and delivers only these events, if
			// there.
			batches.forEach((batch) -> this.relay.enqueue(batch.withoutRecords()));
			throw ex;
		}
		// Stored now, whatever happens to the unit of work: deliver them.
		batches.forEach(this.relay::enqueue);
	}

	private static Map<String, List<DomainEventMessage<?>>> byAggregate(List<? extends EventMessage<?>> events) {
		Map<String, List<DomainEventMessage<?>>> byAggregate = new LinkedHashMap<>();
		for (EventMessage<?> event : events) {
			if (event instanceof DomainEventMessage<?> domainEvent) {
				byAggregate.computeIfAbsent(domainEvent.getAggregateIdentifier(), (id) -> new ArrayList<>())
					.add(domainEvent);
			}
		}
		return byAggregate;
	}

	private List<RelayBatch> open(Map<String, List<DomainEventMessage<?>>> byAggregate) {
		List<RelayBatch> batches = new ArrayList<>();
		for (Map.Entry<String, List<DomainEventMessage<?>>> aggregate : byAggregate.entrySet()) {
			List<DomainEventMessage<?>> domainEvents = aggregate.getValue();
			List<String> eventIds = domainEvents.stream().map(DomainEventMessage::getIdentifier).toList();
			batches.add(this.ledger.open(aggregate.getKey(), domainEvents.get(0).getSequenceNumber(),
					domainEvents.get(domainEvents.size() - 1).getSequenceNumber(), eventIds, encode(domainEvents)));
		}
		return batches;
	}

	/**
	 * The events in their published form, or {@code null} when one cannot be encoded: the
	 * relay then reads them back, and sets the batch apart if that fails too.
	 */
	private List<Outgoing> encode(List<DomainEventMessage<?>> events) {
		try {
			return events.stream().map(this.encoder::outgoing).toList();
		}
		catch (RuntimeException ex) {
			log.warn("Cannot encode events of {}: {}", events.get(0).getAggregateIdentifier(), ex.toString());
			return null;
		}
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
