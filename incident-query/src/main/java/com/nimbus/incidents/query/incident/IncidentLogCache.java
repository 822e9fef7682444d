package com.nimbus.incidents.query.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.query.incident.Responses.Entry;
import com.nimbus.incidents.query.limits.HeapEstimate;
import com.nimbus.incidents.query.limits.LimitsProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What has been read of each incident's log, kept in memory. Timeline entries and events
 * are written once per incident and sequence and never change (a correction is an event
 * of its own), so what was read at version N is still true at version N+k: a later read
 * fetches only sequences N+1..N+k from the store. A long incident's timeline is then a
 * lookup of its summary plus the new lines, not ten thousand documents. The folded state
 * of a summary is kept by version the same way.
 * <p>
 * Timelines, event logs and states share one budget in bytes
 * ({@code limits.cache-bytes}): each is weighed by the estimated heap of the documents it
 * was read from ({@link HeapEstimate}), since a count of lines or incidents says nothing
 * about how much memory they hold (a note can be 10,000 characters, a state lists every
 * impact). The least recently used go first; one log larger than the whole budget is not
 * kept.
 */
@Component
class IncidentLogCache {

	/**
	 * What Caffeine and the key take per cached incident, besides the items.
	 */
	static final long ENTRY_OVERHEAD_BYTES = 200;

	/**
	 * Reads sequences {@code first..last} (both included) from the store.
	 */
	interface Fetch<T> {

		Fetched<T> read(long first, long last);

	}

	/**
	 * Items read from the store with the BSON size of the documents they came from.
	 */
	record Fetched<T>(List<T> items, long bsonBytes) {
	}

	private enum Kind {

		TIMELINE, EVENTS, STATE

	}

	private record Key(Kind kind, String incidentId) {
	}

	private record Cached<T>(long version, List<T> items, long bsonBytes) {

		int weight() {
			return (int) Math.min(Integer.MAX_VALUE, HeapEstimate.ofBson(this.bsonBytes) + ENTRY_OVERHEAD_BYTES);
		}

	}

	private final Cache<Key, Cached<?>> cache;

	private final long maxBytes;

	@Autowired
	IncidentLogCache(LimitsProperties limits) {
		this(limits.cacheBytes().toBytes());
	}

	IncidentLogCache(long maxBytes) {
		this.maxBytes = maxBytes;
		// Evictions run on the writing thread: the cache is never over its budget for
		// longer than a put, which a pool's backlog could stretch under load.
		this.cache = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((Key key, Cached<?> cached) -> cached.weight())
			.executor(Runnable::run)
			.build();
	}

	/**
	 * The incident's state at {@code version}, converted from its summary by
	 * {@code convert} only if not already held at that version.
	 * @param bsonBytes the size of the stored state the conversion reads
	 */
	IncidentState state(String incidentId, long version, long bsonBytes, Supplier<IncidentState> convert) {
		Key key = new Key(Kind.STATE, incidentId);
		Cached<IncidentState> cached = get(key);
		if (cached != null && cached.version() == version) {
			return cached.items().get(0);
		}
		IncidentState state = convert.get();
		this.cache.put(key, new Cached<>(version, List.of(state), bsonBytes));
		return state;
	}

	List<Entry> timeline(String incidentId, long version, Fetch<Entry> fetch) {
		return read(new Key(Kind.TIMELINE, incidentId), version, fetch);
	}

	List<EventEnvelope> events(String incidentId, long version, Fetch<EventEnvelope> fetch) {
		return read(new Key(Kind.EVENTS, incidentId), version, fetch);
	}

	/**
	 * The incident's events at {@code version} if they are in memory, else {@code null};
	 * never reads the store.
	 */
	List<EventEnvelope> cachedEvents(String incidentId, long version) {
		Cached<EventEnvelope> cached = get(new Key(Kind.EVENTS, incidentId));
		return (cached != null && cached.version() == version) ? cached.items() : null;
	}

	/**
	 * The estimated bytes held now, after pending evictions.
	 */
	long weighedBytes() {
		this.cache.cleanUp();
		return this.cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
	}

	long maxBytes() {
		return this.maxBytes;
	}

	private <T> List<T> read(Key key, long version, Fetch<T> fetch) {
		Cached<T> cached = get(key);
		if (cached != null && cached.version() == version) {
			return cached.items();
		}
		List<T> items;
		long bsonBytes;
		if (cached != null && cached.version() < version) {
			Fetched<T> added = fetch.read(cached.version() + 1, version);
			items = new ArrayList<>(cached.items());
			items.addAll(added.items());
			bsonBytes = cached.bsonBytes() + added.bsonBytes();
		}
		else {
			Fetched<T> all = fetch.read(0, version);
			items = all.items();
			bsonBytes = all.bsonBytes();
		}
		// Only a complete log is kept: an entry not yet visible is read again next time.
		if (items.size() == version + 1) {
			this.cache.put(key, new Cached<>(version, List.copyOf(items), bsonBytes));
		}
		return items;
	}

	@SuppressWarnings("unchecked")
	private <T> Cached<T> get(Key key) {
		return (Cached<T>) this.cache.getIfPresent(key);
	}

}
