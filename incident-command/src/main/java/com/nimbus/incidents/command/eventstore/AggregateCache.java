package com.nimbus.incidents.command.eventstore;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The incidents' aggregate cache: the most recently used incidents, bounded in number
 * ({@link Caffeine}) and held by soft references, so a command on an incident in use
 * loads nothing from the store, and a heap running short drops incidents rather than
 * failing.
 * <p>
 * It replaces Axon's {@code WeakReferenceCache}, whose entries every young collection
 * clears: under load nearly every command read its incident's snapshot and events back
 * from the store (thread dumps of the notifications bench showed the request threads
 * waiting there). Axon removes an entry when a unit of work rolls back, so an entry made
 * stale by another command instance costs one {@code ConcurrencyException}, after which
 * the incident is read again ({@code IncidentController} retries such a command).
 */
final class AggregateCache implements Cache {

	private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

	/**
	 * @param maximumSize the most incidents held
	 * @param idle how long an incident no command touched stays
	 */
	AggregateCache(long maximumSize, Duration idle) {
		// soft values: the collector clears the least recently used incidents when the
		// heap
		// runs short (weak ones were cleared by every young collection), never an
		// OutOfMemoryError for a cache
		this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(idle).softValues().build();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <K, V> V get(K key) {
		return (V) this.entries.getIfPresent(key);
	}

	@Override
	public void put(Object key, Object value) {
		this.entries.put(key, value);
	}

	@Override
	public boolean putIfAbsent(Object key, Object value) {
		return this.entries.asMap().putIfAbsent(key, value) == null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
		return (T) this.entries.get(key, (absent) -> valueSupplier.get());
	}

	@Override
	@SuppressWarnings("unchecked")
	public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
		this.entries.asMap().computeIfPresent(key, (present, value) -> update.apply((V) value));
	}

	@Override
	public boolean remove(Object key) {
		return this.entries.asMap().remove(key) != null;
	}

	@Override
	public void removeAll() {
		this.entries.invalidateAll();
	}

	@Override
	public boolean containsKey(Object key) {
		return this.entries.asMap().containsKey(key);
	}

	/**
	 * Aggregate caching registers no listeners (sagas and their associations do, and this
	 * service has none).
	 */
	@Override
	public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
		throw new UnsupportedOperationException("The aggregate cache takes no entry listeners");
	}

}
