package com.nimbus.incidents.command.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntry;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;

/**
 * Axon's document-per-event layout, read by exact key.
 * <p>
 * Axon reads an aggregate's events with a range query on the unique
 * {@code (aggregateIdentifier, sequenceNumber)} index. A Mongo-protocol store that uses a
 * compound index only for equality on every key (mongo-java-server) answers that range
 * query by scanning every event of every aggregate. This strategy asks for each sequence
 * number in turn, an indexed lookup on any store, and stops at the first gap: sequences
 * are gapless per aggregate, so the first missing one is the end.
 */
class PointLookupStorageStrategy extends DocumentPerEventStorageStrategy {

	private final EventEntryConfiguration configuration = EventEntryConfiguration.getDefault();

	@Override
	public List<? extends DomainEventData<?>> findDomainEvents(MongoCollection<Document> collection,
			String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
		List<DomainEventData<?>> events = new ArrayList<>();
		for (long sequence = firstSequenceNumber; events.size() < batchSize; sequence++) {
			Document document = find(collection, aggregateIdentifier, sequence);
			if (document == null) {
				break;
			}
			events.add(new EventEntry(document, this.configuration));
		}
		return events;
	}

	/**
	 * Finds the last sequence number with a galloping search: doubling probes to pass the
	 * end, then bisection, so {@code O(log n)} lookups.
	 */
	@Override
	public Optional<Long> lastSequenceNumberFor(MongoCollection<Document> eventsCollection,
			String aggregateIdentifier) {
		if (find(eventsCollection, aggregateIdentifier, 0) == null) {
			return Optional.empty();
		}
		long present = 0;
		long absent = 1;
		while (find(eventsCollection, aggregateIdentifier, absent) != null) {
			present = absent;
			absent = absent * 2;
		}
		while (absent - present > 1) {
			long middle = present + (absent - present) / 2;
			if (find(eventsCollection, aggregateIdentifier, middle) != null) {
				present = middle;
			}
			else {
				absent = middle;
			}
		}
		return Optional.of(present);
	}

	/**
	 * One event by its exact key. The filter is a plain document naming exactly the
	 * index's keys, the shape a Mongo-protocol store matches to its unique index.
	 */
	private Document find(MongoCollection<Document> collection, String aggregateIdentifier, long sequence) {
		return collection
			.find(new Document(this.configuration.aggregateIdentifierProperty(), aggregateIdentifier)
				.append(this.configuration.sequenceNumberProperty(), sequence))
			.first();
	}

}
