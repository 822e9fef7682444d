package com.nimbus.incidents.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of the polls whose barriers have ended ({@link BarrierQueue#settle}) and
 * that are not committed yet, and when they are due: a consumer loop commits them at most
 * every {@code every} while records flow, not after each poll (ADR 35). What they cover
 * is durable; a crash before they are committed has the next owner read it again, which
 * the loops apply idempotently. A commit is a round trip to the broker and a write of its
 * group coordinator: per commit, not per record. Used by the loop's thread only.
 */
public final class SettledOffsets {

	private final Map<TopicPartition, Long> uncommitted = new HashMap<>();

	private final long everyNanos;

	private final LongSupplier nanoClock;

	private long lastCommit;

	public SettledOffsets(Duration every) {
		this(every, System::nanoTime);
	}

	SettledOffsets(Duration every, LongSupplier nanoClock) {
		this.everyNanos = every.toNanos();
		this.nanoClock = nanoClock;
		this.lastCommit = nanoClock.getAsLong();
	}

	/**
	 * Settles the polls of {@code pending} ({@link BarrierQueue#settle}), adds their
	 * offsets, hands them to {@code settled}, and commits the offsets taken on the
	 * partitions {@code held} when {@code now}, when a barrier failed (the polls before
	 * it are durable) or when a commit is {@link #due}; a barrier that failed is thrown
	 * after that commit.
	 * @param commit commits offsets (per partition, the next record to read), never empty
	 */
	public void settle(BarrierQueue pending, int keep, boolean now, Consumer<List<BarrierQueue.Settled>> settled,
			Supplier<Set<TopicPartition>> held, Consumer<Map<TopicPartition, Long>> commit) {
		RuntimeException failed = null;
		try {
			pending.settle(keep, (polls) -> {
				add(BarrierQueue.next(polls));
				settled.accept(polls);
			});
		}
		catch (RuntimeException ex) {
			failed = ex;
		}
		if (now || failed != null || due()) {
			try {
				commit(held.get(), commit);
			}
			catch (RuntimeException ex) {
				if (failed == null) {
					throw ex;
				}
				failed.addSuppressed(ex);
			}
		}
		if (failed != null) {
			throw failed;
		}
	}

	/**
	 * Commits what is taken on the partitions {@code held} ({@link #take}), when anything
	 * is.
	 */
	public void commit(Set<TopicPartition> held, Consumer<Map<TopicPartition, Long>> commit) {
		Map<TopicPartition, Long> taken = take(held);
		if (!taken.isEmpty()) {
			commit.accept(taken);
		}
	}

	/**
	 * Adds the offsets of polls settled, oldest first ({@link BarrierQueue#next}): per
	 * partition, the later offset stays.
	 */
	void add(Map<TopicPartition, Long> next) {
		next.forEach((partition, offset) -> this.uncommitted.merge(partition, offset, Math::max));
	}

	/**
	 * Whether a commit is due: the last is {@code every} old.
	 */
	boolean due() {
		return this.nanoClock.getAsLong() - this.lastCommit >= this.everyNanos;
	}

	/**
	 * Takes the offsets to commit on the partitions {@code held} (the others are dropped:
	 * their next owner reads from what was committed) and starts the next interval.
	 * @return per partition, the offset of the next record to read; empty when none
	 */
	Map<TopicPartition, Long> take(Set<TopicPartition> held) {
		this.uncommitted.keySet().retainAll(held);
		Map<TopicPartition, Long> taken = Map.copyOf(this.uncommitted);
		this.uncommitted.clear();
		this.lastCommit = this.nanoClock.getAsLong();
		return taken;
	}

	/**
	 * Partitions changed hands: what was not committed is read again, from the committed
	 * offsets, by whoever holds each partition now.
	 */
	public void clear() {
		this.uncommitted.clear();
	}

}
