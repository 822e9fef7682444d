package com.nimbus.incidents.command.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.command.store.CommandStore;
import org.bson.Document;

/**
 * Leases of the command instances that relay events: each renews its heartbeat every
 * {@link #HEARTBEAT}; an instance whose heartbeat is older than {@link #LEASE} is taken
 * for dead, and the ledger entries it owns may be taken over. A clean stop removes the
 * lease at once. One small document per instance, read by a scan of this collection.
 */
class RelayOwners {

	static final String COLLECTION = CommandStore.RELAY_OWNERS;

	static final Duration HEARTBEAT = Duration.ofSeconds(2);

	static final Duration LEASE = Duration.ofSeconds(10);

	private final MongoCollection<Document> owners;

	private final String self;

	private final Clock clock;

	RelayOwners(MongoDatabase database, String self, Clock clock) {
		this.owners = database.getCollection(COLLECTION);
		this.self = self;
		this.clock = clock;
	}

	void heartbeat() {
		this.owners.replaceOne(Filters.eq("_id", this.self),
				new Document("_id", this.self).append("heartbeatAt", Date.from(this.clock.instant())),
				new ReplaceOptions().upsert(true));
	}

	void release() {
		this.owners.deleteOne(Filters.eq("_id", this.self));
	}

	/**
	 * The last heartbeat of every instance that left one.
	 */
	Map<String, Instant> heartbeats() {
		Map<String, Instant> heartbeats = new HashMap<>();
		for (Document owner : this.owners.find()) {
			Date at = owner.getDate("heartbeatAt");
			heartbeats.put(owner.getString("_id"), (at != null) ? at.toInstant() : Instant.EPOCH);
		}
		return heartbeats;
	}

	boolean alive(Map<String, Instant> heartbeats, String owner) {
		Instant last = heartbeats.get(owner);
		return last != null && last.plus(LEASE).isAfter(this.clock.instant());
	}

}
