package com.nimbus.incidents.command.relay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The batches of the {@link EventRelay} that wait, per aggregate: a batch that failed
 * waits with a back-off of its own (doubling with each failure of its aggregate in a row,
 * with jitter, up to 5 s), a batch that must let another instance's earlier batch go
 * first waits a fixed pause, and the later batches of its aggregate wait behind it, in
 * sequence order, while every other aggregate keeps flowing. The relay's worker thread's
 * own; {@link #size} is read by others for the backlog.
 */
final class HeldBatches {

	private static final long MAX_BACK_OFF_MILLIS = 5000;

	/** Per aggregate, the batches that wait; insertion order, the oldest wait first. */
	private final Map<String, Held> held = new LinkedHashMap<>();

	/** Per aggregate, the failures in a row, for its back-off. */
	private final Map<String, Integer> failures = new HashMap<>();

	/** {@link System#nanoTime}, or a test's clock. */
	private final LongSupplier nanoClock;

	HeldBatches() {
		this(System::nanoTime);
	}

	HeldBatches(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	/**
	 * Makes a batch wait, with the later batches of its aggregate behind it.
	 * @param delayMillis how long, or 0 for the aggregate's back-off, or -1 to join the
	 * wait it is already in
	 */
	void hold(RelayBatch batch, long delayMillis) {
		Held waiting = this.held.get(batch.aggregateId());
		boolean waited = waiting != null;
		if (!waited) {
			waiting = new Held();
			this.held.put(batch.aggregateId(), waiting);
		}
		waiting.batches.addLast(batch);
		if (delayMillis < 0 && waited) {
			return;
		}
		long pause = delayMillis;
		if (delayMillis == 0) {
			int attempts = this.failures.merge(batch.aggregateId(), 1, Integer::sum);
			pause = jitter(Math.min(100L << Math.min(attempts - 1, 6), MAX_BACK_OFF_MILLIS));
		}
		waiting.retryAt = this.nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(pause);
	}

	/**
	 * A batch queued behind a wait of its aggregate joins the end of it.
	 * @return whether it joined (else its aggregate does not wait)
	 */
	boolean joinIfWaiting(RelayBatch batch) {
		Held waiting = this.held.get(batch.aggregateId());
		if (waiting == null) {
			return false;
		}
		waiting.batches.addLast(batch);
		return true;
	}

	/**
	 * A batch taken over from a dead instance goes before the batches of its aggregate
	 * that wait.
	 * @return whether it did (else its aggregate does not wait)
	 */
	boolean putFirstIfWaiting(RelayBatch batch) {
		Held waiting = this.held.get(batch.aggregateId());
		if (waiting == null) {
			return false;
		}
		waiting.batches.addFirst(batch);
		return true;
	}

	/**
	 * Moves the batches whose wait is over into {@code cycle}, each aggregate's in order.
	 * @return when the next wait is over ({@link System#nanoTime}), or
	 * {@link Long#MAX_VALUE} when nothing else waits
	 */
	long takeDue(long now, List<RelayBatch> cycle) {
		long nextRetry = Long.MAX_VALUE;
		for (Iterator<Held> waiting = this.held.values().iterator(); waiting.hasNext();) {
			Held next = waiting.next();
			if (next.retryAt <= now) {
				cycle.addAll(next.batches);
				waiting.remove();
			}
			else {
				nextRetry = Math.min(nextRetry, next.retryAt);
			}
		}
		return nextRetry;
	}

	/** The aggregate's batch went through: its next failure starts the back-off anew. */
	void succeeded(String aggregateId) {
		this.failures.remove(aggregateId);
	}

	/** The batches that wait. */
	int size() {
		return this.held.values().stream().mapToInt((waiting) -> waiting.batches.size()).sum();
	}

	/** Between half of {@code millis} and all of it. */
	static long jitter(long millis) {
		return millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
	}

	/**
	 * The batches of one aggregate that wait, in sequence order, and until when.
	 */
	private static final class Held {

		final Deque<RelayBatch> batches = new ArrayDeque<>();

		long retryAt;

	}

}
