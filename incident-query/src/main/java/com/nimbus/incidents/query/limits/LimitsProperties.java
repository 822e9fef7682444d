package com.nimbus.incidents.query.limits;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the service may hold in memory, in bytes of heap (estimated with
 * {@link HeapEstimate}), never in counts: a count of documents says nothing about their
 * size, and one long incident or one large customer weighs as much as thousands of small
 * ones. Unset sizes are fractions of the heap the JVM was given, so that every default
 * works in the local stack's 160 MiB as well as in a larger production heap:
 * <ul>
 * <li>{@code cacheBytes}, default an eighth of the heap: caches are an optimisation and
 * must leave the rest to requests, the framework and the store driver;</li>
 * <li>{@code readBytes}, default a quarter of the heap: what all requests together may
 * hold of decoded documents at once, leaving room for the response buffers and JSON they
 * produce (about as large again) and for the cache;</li>
 * <li>{@code requestBytes}, default half of {@code readBytes}: a single request never
 * takes the whole budget, so two of the largest can run at once and a request past it is
 * told to narrow itself (422) instead of waiting for a budget it can never get.</li>
 * </ul>
 *
 * @param cacheBytes what the caches together may hold
 * @param readBytes what concurrent reads together may hold of decoded documents
 * @param requestBytes what one request may hold; at most {@code readBytes}
 * @param readWait how long a read waits for its share before it is answered 503
 * @param maxEventsPerRead events a timeline, event log, postmortem or point-in-time state
 * reads at most (a count on top of the bytes: those answers fold every event)
 */
@ConfigurationProperties("limits")
public record LimitsProperties(DataSize cacheBytes, DataSize readBytes, DataSize requestBytes,
		@DefaultValue("2s") Duration readWait, @DefaultValue("50000") long maxEventsPerRead) {

	public LimitsProperties {
		long heap = Runtime.getRuntime().maxMemory();
		cacheBytes = orDefault(cacheBytes, heap / 8);
		readBytes = orDefault(readBytes, heap / 4);
		requestBytes = orDefault(requestBytes, readBytes.toBytes() / 2);
		if (requestBytes.toBytes() > readBytes.toBytes()) {
			requestBytes = readBytes;
		}
		if (readWait == null || readWait.isNegative()) {
			readWait = Duration.ofSeconds(2);
		}
	}

	private static DataSize orDefault(DataSize size, long bytes) {
		return (size != null && size.toBytes() > 0) ? size : DataSize.ofBytes(bytes);
	}

}
