package com.nimbus.incidents.command.store;

import java.util.List;

import org.bson.Document;

/**
 * The command service's collections and every index on them. Axon's event store
 * (axon-mongo) creates its own when it starts; the service creates the one it needs
 * itself, the expiry of idempotency keys ({@code ExpiredKeySweep}, at start). Every other
 * read is by {@code _id} or of a whole collection that holds only what is in flight (the
 * relay's ledger and leases), which no index would serve. Adding an index is one line in
 * {@link #INDEXES} and its creation where the collection is used; {@code StoreIndexesIT}
 * checks that a started service has exactly these.
 */
public final class CommandStore {

	/**
	 * One document per event (axon-mongo's default name).
	 */
	public static final String EVENTS = "domainevents";

	/**
	 * Aggregate snapshots (axon-mongo's default name).
	 */
	public static final String SNAPSHOTS = "snapshotevents";

	/**
	 * Tracking tokens of Axon's event processors (axon-mongo's default name).
	 */
	public static final String TRACKING_TOKENS = "trackingtokens";

	/**
	 * The relay's ledger of batches appended and not yet on Kafka.
	 */
	public static final String RELAY_PENDING = "relay_pending";

	/**
	 * The leases of the instances that relay.
	 */
	public static final String RELAY_OWNERS = "relay_owners";

	/**
	 * Batches the relay can never deliver.
	 */
	public static final String RELAY_DEAD_LETTERS = "relay_dead_letters";

	/**
	 * One document per caller and {@code Idempotency-Key}.
	 */
	public static final String IDEMPOTENCY_KEYS = "idempotency_keys";

	/**
	 * What the placer knows of each alert, by {@code source:fingerprint}.
	 */
	public static final String SIGNAL_STATES = "signal_states";

	/**
	 * The alerts no route placed, waiting for a person (only those: read whole).
	 */
	public static final String SIGNAL_TRIAGE = "signal_triage";

	/**
	 * The open incidents covering each component, by {@code service|region}.
	 */
	public static final String SIGNAL_COVERAGE = "signal_coverage";

	/**
	 * The components of each incident, by incident id, to uncover them when it resolves.
	 */
	public static final String SIGNAL_INCIDENTS = "signal_incidents";

	/**
	 * Every collection of the service.
	 */
	public static final List<String> COLLECTIONS = List.of(EVENTS, SNAPSHOTS, TRACKING_TOKENS, RELAY_PENDING,
			RELAY_OWNERS, RELAY_DEAD_LETTERS, IDEMPOTENCY_KEYS, SIGNAL_STATES, SIGNAL_TRIAGE, SIGNAL_COVERAGE,
			SIGNAL_INCIDENTS);

	/**
	 * The TTL index that removes idempotency keys once they are no longer remembered, and
	 * serves the sweep of expired keys ({@code createdAt < now - rememberedFor}).
	 */
	public static final Index IDEMPOTENCY_EXPIRY = new Index(IDEMPOTENCY_KEYS, "createdAt_ttl",
			new Document("createdAt", 1), false);

	/**
	 * Every secondary index ({@code _id_} is on every collection besides).
	 */
	public static final List<Index> INDEXES = List.of(
			// axon-mongo: an aggregate's events by exact key (PointLookupStorageStrategy,
			// the
			// relay's DivergenceGuard), and one event per aggregate and sequence
			new Index(EVENTS, "uniqueAggregateIndex",
					new Document("aggregateIdentifier", 1).append("sequenceNumber", 1), true),
			// axon-mongo: the global stream for tracking processors (this service runs
			// none)
			new Index(EVENTS, "orderedEventStreamIndex", new Document("timestamp", 1).append("sequenceNumber", 1),
					false),
			// axon-mongo: an aggregate's latest snapshot
			new Index(SNAPSHOTS, "uniqueAggregateIndex",
					new Document("aggregateIdentifier", 1).append("sequenceNumber", 1), true),
			// axon-mongo's token store: one token per processor and segment
			new Index(TRACKING_TOKENS, "processorName_1_segment_1",
					new Document("processorName", 1).append("segment", 1), true),
			IDEMPOTENCY_EXPIRY);

	private CommandStore() {
	}

	/**
	 * A secondary index: its collection, name, keys in order and whether it is unique.
	 */
	public record Index(String collection, String name, Document keys, boolean unique) {

		public Index {
			keys = new Document(keys);
		}

		/**
		 * The keys in order, field to 1 (ascending) or -1; a copy.
		 */
		@Override
		public Document keys() {
			return new Document(this.keys);
		}

	}

}
