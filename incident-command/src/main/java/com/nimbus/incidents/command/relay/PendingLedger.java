package com.nimbus.incidents.command.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import com.nimbus.incidents.command.store.CommandStore;
import org.bson.Document;

/**
 * The relay's completeness guarantee. Before events are appended to the event store, an
 * entry naming their aggregate (incident or contract), sequence range, event ids and the
 * instance that appends them (its owner) is written here; it is removed only after Kafka
 * has acknowledged every one of them. So every stored event is either on Kafka or covered
 * by an entry, whatever the moment the process dies.
 * <p>
 * An entry belongs to its owner while the owner's lease ({@link RelayOwners}) lives; only
 * then may another instance take it over, with a conditional update that only one can
 * win. Every access is by {@code _id} or a scan of this collection, which holds only
 * entries in flight: fast on any Mongo-protocol store.
 */
class PendingLedger {

	static final String COLLECTION = CommandStore.RELAY_PENDING;

	/**
	 * One entry as stored.
	 */
	record Entry(String id, String aggregateId, long from, long to, List<String> eventIds, String owner,
			Instant openedAt) {

		RelayBatch recovered() {
			return new RelayBatch(this.id, this.aggregateId, this.from, this.to, this.eventIds, null, true);
		}

	}

	private final MongoCollection<Document> entries;

	private final MongoCollection<Document> deferred;

	private final String owner;

	PendingLedger(MongoDatabase database, String owner) {
		this.entries = database.getCollection(COLLECTION);
		this.deferred = this.entries.withWriteConcern(this.entries.getWriteConcern().withJournal(false));
		this.owner = owner;
	}

	String owner() {
		return this.owner;
	}

	/**
	 * Writes the entry of an append about to be made, without waiting for the journal:
	 * the append's own write waits for it, and a journal is written in order, so the
	 * events are never durable without their entry (on MongoDB, the oplog's order and a
	 * majority write's journal do the same). An entry lost with a store that crashed
	 * before the append was durable stood for events that are lost with it. The append
	 * thus waits for one commit instead of two.
	 */
	RelayBatch open(String aggregateId, long from, long to, List<String> eventIds, List<Outgoing> records) {
		String id = UUID.randomUUID().toString();
		this.deferred.insertOne(new Document("_id", id).append("aggregateId", aggregateId)
			.append("from", from)
			.append("to", to)
			.append("eventIds", eventIds)
			.append("owner", this.owner)
			.append("openedAt", Date.from(Instant.now())));
		return new RelayBatch(id, aggregateId, from, to, eventIds, records, false);
	}

	/**
	 * Removes the entries of delivered batches, without waiting for the journal: a
	 * removal lost in a crash of the store leaves an entry of events already on the
	 * topic, which the relay that recovers it skips after reading the topic (as it does
	 * for a crash between Kafka's acknowledgement and the removal), so the relay's next
	 * send need not wait.
	 */
	void settle(Collection<String> ledgerIds) {
		if (!ledgerIds.isEmpty()) {
			this.deferred.deleteMany(Filters.in("_id", ledgerIds));
		}
	}

	/**
	 * Every entry in flight, of every owner.
	 */
	List<Entry> all() {
		List<Entry> all = new ArrayList<>();
		for (Document entry : this.entries.find()) {
			List<String> eventIds = entry.getList("eventIds", String.class);
			Date opened = entry.getDate("openedAt");
			all.add(new Entry(entry.getString("_id"), entry.getString("aggregateId"),
					((Number) entry.get("from")).longValue(), ((Number) entry.get("to")).longValue(),
					(eventIds != null) ? eventIds : List.of(), entry.getString("owner"),
					(opened != null) ? opened.toInstant() : Instant.EPOCH));
		}
		return all;
	}

	/**
	 * Per aggregate of {@code aggregateIds}, the earliest sequence pending in an entry of
	 * another owner; aggregates with none are absent.
	 */
	Map<String, Long> earliestOfOthers(Collection<String> aggregateIds) {
		Map<String, Long> earliest = new HashMap<>();
		for (Document entry : this.entries
			.find(Filters.and(Filters.in("aggregateId", aggregateIds), Filters.ne("owner", this.owner)))
			.projection(Projections.include("aggregateId", "from"))) {
			earliest.merge(entry.getString("aggregateId"), ((Number) entry.get("from")).longValue(), Math::min);
		}
		return earliest;
	}

	/**
	 * Makes an entry this instance's, if it still belongs to {@code from}: of several
	 * instances trying at once, one wins.
	 */
	boolean takeOver(Entry entry) {
		return this.entries
			.updateOne(new Document("_id", entry.id()).append("owner", entry.owner()), Updates.set("owner", this.owner))
			.getModifiedCount() == 1;
	}

	long count() {
		return this.entries.countDocuments();
	}

}
