package com.nimbus.incidents.command.signal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placer's work in flight. Signals wait in a queue per component; one worker at a
 * time places a component's signals, in the order taken, while other components are
 * placed in parallel, so a signal waits only for its own component's placement before it,
 * not for a whole poll's slowest component. Per partition, the offsets taken and not yet
 * placed are kept, so that only an offset below which every record is done is committed
 * ({@link #toCommit()}). A placement that fails is tried again after a pause, with the
 * signals that queued behind it waiting (placing is idempotent: {@link SignalPlacement}).
 */
final class ComponentQueues implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ComponentQueues.class);

	/** Placed in one go at most: one command per incident with these signals. */
	private static final int MAX_BATCH = 500;

	private static final long RETRY_MILLIS = 1_000;

	/**
	 * A signal taken from the topic, where it was.
	 */
	record Taken(Signal signal, TopicPartition partition, long offset) {
	}

	/**
	 * Offsets that may be committed, and the count of placements they cover.
	 */
	record Committable(Map<TopicPartition, Long> offsets, long placements) {
	}

	private final Consumer<List<Signal>> placement;

	/**
	 * Components' placements mostly wait for the store's journal, so many share the
	 * processors well; an incident's commands queue on its own lock.
	 */
	private final ExecutorService workers;

	/** Guarded by this: the signals waiting, per component. */
	private final Map<String, Deque<Taken>> pending = new HashMap<>();

	/** Guarded by this: the components a worker is placing. */
	private final Set<String> active = new HashSet<>();

	/** Guarded by this: per partition, the offsets taken and not yet placed. */
	private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();

	/** Guarded by this: per partition, the offset after the last record taken. */
	private final Map<TopicPartition, Long> next = new HashMap<>();

	/** Guarded by this. */
	private int waiting;

	/** Guarded by this: placements done, and writes of the poll thread, counted. */
	private long placements;

	private volatile boolean closed;

	/**
	 * @param placement places one component's signals, in order
	 * ({@link SignalPlacement#placeComponent})
	 */
	ComponentQueues(Consumer<List<Signal>> placement, int workers) {
		this.placement = placement;
		this.workers = Executors.newFixedThreadPool(workers, (task) -> {
			Thread worker = new Thread(task, "signal-placer-worker");
			worker.setDaemon(true);
			return worker;
		});
	}

	/**
	 * Queues signals taken from the topic, in order, and sets a worker on each component
	 * that has none.
	 */
	void take(List<Taken> signals) {
		List<String> idle = new ArrayList<>();
		synchronized (this) {
			for (Taken taken : signals) {
				this.inFlight.computeIfAbsent(taken.partition(), (partition) -> new TreeSet<>()).add(taken.offset());
				this.next.merge(taken.partition(), taken.offset() + 1, Math::max);
				String component = taken.signal().component();
				this.pending.computeIfAbsent(component, (c) -> new ArrayDeque<>()).addLast(taken);
				this.waiting++;
				if (this.active.add(component)) {
					idle.add(component);
				}
			}
		}
		idle.forEach((component) -> this.workers.execute(() -> drain(component)));
	}

	/**
	 * A record done on the poll thread (an incident event, or one with nothing to place).
	 * @param stored whether it wrote to the store, which the next commit's barrier must
	 * cover
	 */
	synchronized void done(TopicPartition partition, long offset, boolean stored) {
		this.next.merge(partition, offset + 1, Math::max);
		if (stored) {
			this.placements++;
		}
	}

	/**
	 * Per partition, the offset below which every record taken is done.
	 */
	synchronized Committable toCommit() {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		this.next.forEach((partition, after) -> {
			TreeSet<Long> open = this.inFlight.get(partition);
			offsets.put(partition, (open == null || open.isEmpty()) ? after : open.first());
		});
		return new Committable(offsets, this.placements);
	}

	synchronized int waiting() {
		return this.waiting;
	}

	/**
	 * Waits until no record of these partitions is in flight, at most {@code millis}.
	 */
	synchronized void awaitDone(Collection<TopicPartition> partitions, long millis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (!this.closed && partitions.stream().anyMatch(this::busy)) {
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left <= 0) {
				return;
			}
			wait(left);
		}
	}

	private boolean busy(TopicPartition partition) {
		TreeSet<Long> open = this.inFlight.get(partition);
		return open != null && !open.isEmpty();
	}

	/**
	 * Forgets partitions this consumer no longer has: what is in flight on them is placed
	 * still, and is placed again by their new owner (which changes nothing).
	 */
	synchronized void forget(Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> {
			this.inFlight.remove(partition);
			this.next.remove(partition);
		});
	}

	private void drain(String component) {
		while (!this.closed) {
			List<Taken> batch = new ArrayList<>();
			synchronized (this) {
				Deque<Taken> queue = this.pending.get(component);
				while (queue != null && !queue.isEmpty() && batch.size() < MAX_BATCH) {
					batch.add(queue.pollFirst());
				}
				if (batch.isEmpty()) {
					this.pending.remove(component);
					this.active.remove(component);
					return;
				}
			}
			if (!placeUntilDone(batch)) {
				return;
			}
			synchronized (this) {
				for (Taken taken : batch) {
					TreeSet<Long> open = this.inFlight.get(taken.partition());
					if (open != null) {
						open.remove(taken.offset());
					}
				}
				this.waiting -= batch.size();
				this.placements++;
				notifyAll();
			}
		}
	}

	/**
	 * @return whether the batch was placed ({@code false}: closing)
	 */
	private boolean placeUntilDone(List<Taken> batch) {
		List<Signal> signals = batch.stream().map(Taken::signal).toList();
		while (!this.closed) {
			try {
				this.placement.accept(signals);
				return true;
			}
			catch (RuntimeException ex) {
				log.warn("Could not place {} signals of {}: {}; trying again in 1 s", signals.size(),
						signals.get(0).component(), ex.toString());
				try {
					Thread.sleep(RETRY_MILLIS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.closed = true;
		this.workers.shutdownNow();
	}

}
