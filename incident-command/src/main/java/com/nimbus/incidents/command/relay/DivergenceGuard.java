package com.nimbus.incidents.command.relay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbus.incidents.command.relay.PublishedLog.Mark;
import com.nimbus.incidents.command.store.CommandStore;

/**
 * Never a silently reused sequence: compares the event store with what is on the topics.
 * <p>
 * A store that forgets acknowledged events (a crash before its writes reached the disk, a
 * MongoDB failover with {@code w:1}) would let the next command take sequences that
 * published events already carry. The guard sees it two ways: (1) before every append,
 * the first sequence to be appended must be above the highest one the
 * {@link PublishedLog} has seen for that aggregate; (2) on start, once the published log
 * has read what was published lately, and then every few seconds for the aggregates that
 * moved, the store must hold the last published sequence with the same event id (an
 * append below the published mark whose event the store does hold is only a writer that
 * is behind, and fails on the store's unique key as any concurrent append does). An
 * aggregate the store has never heard of (no sequence 0) is not this store's, and is left
 * alone. A divergence is fatal for that aggregate: a clear log line naming it and the
 * sequences, health DOWN, and every later write to it refused.
 * <p>
 * Each check is one lookup by the event store's unique key, so it costs the aggregates
 * that moved, not the history.
 */
class DivergenceGuard {

	private static final Logger log = LoggerFactory.getLogger(DivergenceGuard.class);

	private static final int MAX_FOREIGN = 10_000;

	private final MongoCollection<Document> events;

	private final PublishedLog published;

	private final Map<String, String> diverged = new ConcurrentHashMap<>();

	private final Set<String> foreign = Collections
		.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<String, Boolean>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > MAX_FOREIGN;
			}
		}));

	private volatile boolean verifiedOnce;

	DivergenceGuard(MongoDatabase database, PublishedLog published) {
		this.events = database.getCollection(CommandStore.EVENTS);
		this.published = published;
	}

	/**
	 * Before an append of {@code aggregateId} starting at {@code firstSequence}.
	 * @throws StoreDivergedException when that would reuse a published sequence, or the
	 * aggregate has diverged already
	 */
	void beforeAppend(String aggregateId, long firstSequence) {
		String known = this.diverged.get(aggregateId);
		if (known != null) {
			throw new StoreDivergedException(aggregateId, known);
		}
		Mark onTopic = this.published.mark(aggregateId);
		if (onTopic == null || onTopic.sequence() < firstSequence) {
			return;
		}
		String stored = eventIdAt(aggregateId, onTopic.sequence());
		if (onTopic.eventId().equals(stored)) {
			// The store has it: this writer is behind (another instance appended first,
			// or
			// its cached aggregate is stale). The append fails on the store's unique key
			// and
			// the client gets a 409 to retry on; nothing is lost.
			return;
		}
		long firstMissing = (stored == null) ? firstMissing(aggregateId, onTopic.sequence()) : onTopic.sequence();
		throw new StoreDivergedException(aggregateId, diverge(aggregateId, firstMissing, onTopic.sequence()));
	}

	/**
	 * Checks the aggregates whose published mark moved since the last check.
	 * @return how many were checked
	 */
	int verify() {
		Map<String, Mark> moved = this.published.drainChanged();
		int checked = 0;
		for (Map.Entry<String, Mark> entry : moved.entrySet()) {
			String aggregateId = entry.getKey();
			if (this.diverged.containsKey(aggregateId) || this.foreign.contains(aggregateId)) {
				continue;
			}
			checked++;
			Mark mark = entry.getValue();
			String stored = eventIdAt(aggregateId, mark.sequence());
			if (mark.eventId().equals(stored)) {
				continue;
			}
			if (stored == null && eventIdAt(aggregateId, 0) == null) {
				this.foreign.add(aggregateId);
				continue;
			}
			long firstMissing = (stored == null) ? firstMissing(aggregateId, mark.sequence()) : mark.sequence();
			diverge(aggregateId, firstMissing, mark.sequence());
		}
		this.verifiedOnce = true;
		return checked;
	}

	private long firstMissing(String aggregateId, long lastPublished) {
		long present = 0;
		long absent = lastPublished;
		while (absent - present > 1) {
			long middle = present + (absent - present) / 2;
			if (eventIdAt(aggregateId, middle) != null) {
				present = middle;
			}
			else {
				absent = middle;
			}
		}
		return absent;
	}

	private String diverge(String aggregateId, long firstMissing, long lastPublished) {
		String detail = "The event store lacks sequences " + firstMissing + ".." + lastPublished + " of " + aggregateId
				+ " that are already on the topic (or holds other events there); writes to " + aggregateId
				+ " are refused until the store is reconciled with the topic";
		if (this.diverged.putIfAbsent(aggregateId, detail) == null) {
			log.atError()
				.addKeyValue("incidentId", aggregateId)
				.addKeyValue("sequence", firstMissing)
				.log("EVENT STORE DIVERGED from the topic: {}", detail);
		}
		return this.diverged.get(aggregateId);
	}

	private String eventIdAt(String aggregateId, long sequence) {
		Document found = this.events
			.find(new Document("aggregateIdentifier", aggregateId).append("sequenceNumber", sequence))
			.projection(Projections.include("eventIdentifier"))
			.first();
		return (found != null) ? found.getString("eventIdentifier") : null;
	}

	Map<String, String> diverged() {
		return Map.copyOf(this.diverged);
	}

	boolean verifiedOnce() {
		return this.verifiedOnce;
	}

}
