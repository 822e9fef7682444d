package com.nimbus.incidents.history;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where an event sits in business time: its {@code occurredAt}, ties broken by its
 * {@code sequence}. The later stamp wins when two events set the same fact, so a change
 * recorded late but dated early never overrides what happened after it.
 */
public record Stamp(Instant occurredAt, long sequence) implements Comparable<Stamp> {

	private static final Comparator<Stamp> ORDER = Comparator.comparing(Stamp::occurredAt)
		.thenComparingLong(Stamp::sequence);

	@Override
	public int compareTo(Stamp other) {
		return ORDER.compare(this, other);
	}

	boolean isAfter(Stamp other) {
		return other == null || compareTo(other) > 0;
	}

}
