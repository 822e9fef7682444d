package com.nimbus.incidents.query.incident;

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.query.incident.Responses.Entry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What has been read of each incident's log, kept in memory. Timeline entries and events
 * are written once per incident and sequence and never change (a correction is an event
 * of its own), so what was read at version N is still true at version N+k: a later read
 * fetches only sequences N+1..N+k from the store. A long incident's timeline is then a
 * lookup of its summary plus the new lines, not ten thousand documents. Bounded by the
 * number of lines held ({@code limits.cached-log-entries} for each of the two caches);
 * the least recently used incidents go first. The folded state of a summary is kept by
 * version the same way.
 */
@Component
class IncidentLogCache {

	/**
	 * Reads sequences {@code first..last} (both included) from the store.
	 */
	interface Fetch<T> {

		List<T> read(long first, long last);

	}

	private record Cached<T>(long version, List<T> items) {
	}

	private final Cache<String, Cached<Entry>> timelines;

	private final Cache<String, Cached<EventEnvelope>> events;

	/**
	 * Each incident's folded state as last converted from its summary document, by
	 * version: converting the stored state back into records is most of a summary read's
	 * cost, and a summary at the same version is the same state.
	 */
	private final Cache<String, Versioned> states = Caffeine.newBuilder().maximumSize(10_000).build();

	private record Versioned(long version, IncidentState state) {
	}

	IncidentLogCache(@Value("${limits.cached-log-entries:50000}") long maxEntries) {
		this.timelines = Caffeine.newBuilder()
			.maximumWeight(maxEntries)
			.weigher((String id, Cached<Entry> cached) -> cached.items().size())
			.build();
		this.events = Caffeine.newBuilder()
			.maximumWeight(maxEntries)
			.weigher((String id, Cached<EventEnvelope> cached) -> cached.items().size())
			.build();
	}

	IncidentState state(String incidentId, long version, java.util.function.Supplier<IncidentState> convert) {
		Versioned cached = this.states.getIfPresent(incidentId);
		if (cached != null && cached.version() == version) {
			return cached.state();
		}
		IncidentState state = convert.get();
		this.states.put(incidentId, new Versioned(version, state));
		return state;
	}

	List<Entry> timeline(String incidentId, long version, Fetch<Entry> fetch) {
		return read(this.timelines, incidentId, version, fetch);
	}

	List<EventEnvelope> events(String incidentId, long version, Fetch<EventEnvelope> fetch) {
		return read(this.events, incidentId, version, fetch);
	}

	private static <T> List<T> read(Cache<String, Cached<T>> cache, String incidentId, long version, Fetch<T> fetch) {
		Cached<T> cached = cache.getIfPresent(incidentId);
		if (cached != null && cached.version() == version) {
			return cached.items();
		}
		List<T> items;
		if (cached != null && cached.version() < version) {
			items = new ArrayList<>(cached.items());
			items.addAll(fetch.read(cached.version() + 1, version));
		}
		else {
			items = fetch.read(0, version);
		}
		// Only a complete log is kept: an entry not yet visible is read again next time.
		if (items.size() == version + 1) {
			cache.put(incidentId, new Cached<>(version, List.copyOf(items)));
		}
		return items;
	}

}
