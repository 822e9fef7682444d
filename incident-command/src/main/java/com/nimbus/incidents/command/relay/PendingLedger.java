package com.nimbus.incidents.command.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

/**
 * The relay's completeness guarantee. Before events are appended to the event store, an
 * entry naming their aggregate (incident or contract) and sequence range is written here;
 * it is removed only after Kafka has acknowledged every one of them. So every stored
 * event is either on Kafka or covered by an entry, whatever the moment the process dies;
 * on start the relay reads the entries and delivers their events again from the store.
 * <p>
 * Every access is by {@code _id} or a scan of this collection, which holds only entries
 * in flight: fast on any Mongo-protocol store.
 */
class PendingLedger {

	static final String COLLECTION = "relay_pending";

	private final MongoCollection<Document> entries;

	private final String owner = UUID.randomUUID().toString();

	PendingLedger(MongoDatabase database) {
		this.entries = database.getCollection(COLLECTION);
	}

	RelayBatch open(String aggregateId, long from, long to,
			List<org.axonframework.eventhandling.DomainEventMessage<?>> events) {
		String id = UUID.randomUUID().toString();
		this.entries.insertOne(new Document("_id", id).append("aggregateId", aggregateId)
			.append("from", from)
			.append("to", to)
			.append("owner", this.owner)
			.append("openedAt", java.util.Date.from(Instant.now())));
		return new RelayBatch(id, aggregateId, from, to, events);
	}

	/**
	 * Removes the entries of delivered batches.
	 */
	void settle(Collection<String> ledgerIds) {
		if (!ledgerIds.isEmpty()) {
			this.entries.deleteMany(Filters.in("_id", ledgerIds));
		}
	}

	/**
	 * Every entry not yet settled, per incident in sequence order: what a previous run of
	 * this service left undelivered.
	 */
	List<RelayBatch> outstanding() {
		List<RelayBatch> batches = new ArrayList<>();
		for (Document entry : this.entries.find()) {
			batches.add(new RelayBatch(entry.getString("_id"), entry.getString("aggregateId"),
					((Number) entry.get("from")).longValue(), ((Number) entry.get("to")).longValue(), null));
		}
		batches.sort(Comparator.comparing(RelayBatch::aggregateId).thenComparingLong(RelayBatch::from));
		return batches;
	}

	long count() {
		return this.entries.countDocuments();
	}

}
