package com.nimbus.incidents.support.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The polls a consumer loop has written whose offsets wait for their barriers (ADR 33):
 * each poll's tail (writes it left for later, then the one durable write that covers
 * them, {@link com.nimbus.incidents.support.store.DurabilityBarrier}) runs on a thread of
 * its own, one at a time and in the order of the polls, while the loop fetches and writes
 * the next polls. The loop settles after each poll: the polls whose tails have ended are
 * handed to it, oldest first, to commit their offsets, and it waits for the oldest only
 * while more than {@code keep} wait (a barrier waits for the store's group commit, which
 * under load takes longer than a poll's writes).
 * <p>
 * A tail that fails makes the tails queued behind it do nothing, and is thrown by the
 * {@link #settle} that reaches it, after the polls before it were handed over; the loop
 * then rewinds every poll still queued ({@link #rewind}). Used by the loop's thread only
 * (the tails run on the queue's).
 */
public final class BarrierQueue implements AutoCloseable {

	/**
	 * How many polls may wait for their barriers while the loop goes on; a crash replays
	 * at most one more.
	 */
	public static final int MAX_PENDING = 3;

	private static final Duration WHILE_PENDING = Duration.ofMillis(10);

	/**
	 * A poll whose tail has ended.
	 *
	 * @param next per partition, the offset after its last record
	 * @param records how many records it had
	 * @param started when its writes began ({@link System#nanoTime})
	 * @param ended when its tail ended ({@link System#nanoTime})
	 */
	public record Settled(Map<TopicPartition, Long> next, int records, long started, long ended) {
	}

	/**
	 * A poll queued, or several joined ({@link #join}): mutable until its tail begins,
	 * under its own lock.
	 */
	private static final class Pending {

		private final Map<TopicPartition, Long> first;

		private final Map<TopicPartition, Long> next;

		private int records;

		private final long started;

		private boolean begun;

		private Future<Long> tail;

		Pending(Map<TopicPartition, Long> first, Map<TopicPartition, Long> next, int records, long started) {
			this.first = new HashMap<>(first);
			this.next = new HashMap<>(next);
			this.records = records;
			this.started = started;
		}

		synchronized void begin() {
			this.begun = true;
		}

		synchronized boolean join(Map<TopicPartition, Long> first, Map<TopicPartition, Long> next, int records,
				int maxRecords) {
			if (this.begun || this.records + records > maxRecords) {
				return false;
			}
			first.forEach(this.first::putIfAbsent);
			this.next.putAll(next);
			this.records += records;
			return true;
		}

		synchronized Map<TopicPartition, Long> first() {
			return Map.copyOf(this.first);
		}

		synchronized Settled settled(long ended) {
			return new Settled(Map.copyOf(this.next), this.records, this.started, ended);
		}

		Future<Long> tail() {
			return this.tail;
		}

	}

	private final Deque<Pending> pending = new ArrayDeque<>();

	private final ExecutorService thread;

	/** Set by a tail that failed, until the loop has rewound. */
	private volatile boolean failed;

	public BarrierQueue(String threadName) {
		this.thread = Executors.newSingleThreadExecutor((task) -> {
			Thread barrier = new Thread(task, threadName);
			barrier.setDaemon(true);
			return barrier;
		});
	}

	/**
	 * Whether no poll waits.
	 */
	public boolean isEmpty() {
		return this.pending.isEmpty();
	}

	/**
	 * How long the loop's next poll may wait for records: {@code idle} when no poll
	 * waits, else short, so that an idle loop commits the polls waiting soon after their
	 * barriers end.
	 */
	public Duration pollTimeout(Duration idle) {
		return this.pending.isEmpty() ? idle : WHILE_PENDING;
	}

	/**
	 * Queues a poll's tail, after the tails of the polls before it.
	 * @param records the poll's records, in poll order
	 * @param started when its writes began ({@link System#nanoTime})
	 * @param tail what is left to write, then the barrier
	 */
	public void submit(List<? extends ConsumerRecord<?, ?>> records, long started, Runnable tail) {
		Map<TopicPartition, Long> first = new HashMap<>();
		Map<TopicPartition, Long> next = new HashMap<>();
		offsets(records, first, next);
		submit(first, next, records.size(), started, tail);
	}

	/**
	 * Joins a poll to the newest poll queued, when that one's tail has not begun and the
	 * two hold at most {@code maxRecords}: the poll's offsets are committed, or rewound,
	 * with it. Only for a loop whose tail writes everything handed to it before the tail
	 * began, the joined poll's writes included (the notifier's intake, ADR 34).
	 * @return false when the poll was not joined (and is to be submitted)
	 */
	public boolean join(List<? extends ConsumerRecord<?, ?>> records, int maxRecords) {
		Pending newest = this.pending.peekLast();
		if (newest == null) {
			return false;
		}
		Map<TopicPartition, Long> first = new HashMap<>();
		Map<TopicPartition, Long> next = new HashMap<>();
		offsets(records, first, next);
		return newest.join(first, next, records.size(), maxRecords);
	}

	private static void offsets(List<? extends ConsumerRecord<?, ?>> records, Map<TopicPartition, Long> first,
			Map<TopicPartition, Long> next) {
		for (ConsumerRecord<?, ?> record : records) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			first.putIfAbsent(partition, record.offset());
			next.put(partition, record.offset() + 1);
		}
	}

	/**
	 * Queues a poll's tail, after the tails of the polls before it.
	 * @param first per partition, the offset of its first record (where a rewind goes)
	 * @param next per partition, the offset after its last record (what is committed)
	 */
	public void submit(Map<TopicPartition, Long> first, Map<TopicPartition, Long> next, int records, long started,
			Runnable tail) {
		Pending poll = new Pending(first, next, records, started);
		poll.tail = this.thread.submit(() -> run(poll, tail));
		this.pending.addLast(poll);
	}

	private long run(Pending poll, Runnable tail) {
		poll.begin();
		if (this.failed) {
			throw new IllegalStateException("The barrier of an earlier poll failed; this one is written again with it");
		}
		try {
			tail.run();
			return System.nanoTime();
		}
		catch (RuntimeException | Error ex) {
			this.failed = true;
			throw ex;
		}
	}

	/**
	 * Hands the polls whose tails have ended to {@code commit}, oldest first (nothing
	 * when none has), after waiting for the oldest while more than {@code keep} wait.
	 * @throws RuntimeException the failure of the first tail that failed, after the polls
	 * before it were handed over; it stays queued, with those after it, for
	 * {@link #rewind}
	 */
	public void settle(int keep, java.util.function.Consumer<List<Settled>> commit) {
		List<Settled> settled = new ArrayList<>();
		RuntimeException failure = null;
		while (!this.pending.isEmpty()) {
			Pending oldest = this.pending.peekFirst();
			if (this.pending.size() <= keep && !oldest.tail().isDone()) {
				break;
			}
			try {
				long ended = await(oldest.tail());
				settled.add(oldest.settled(ended));
				this.pending.pollFirst();
			}
			catch (RuntimeException ex) {
				failure = ex;
				break;
			}
		}
		if (!settled.isEmpty()) {
			commit.accept(settled);
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * The offsets to commit for these polls: per partition, the last one's.
	 */
	public static Map<TopicPartition, Long> next(List<Settled> settled) {
		Map<TopicPartition, Long> next = new HashMap<>();
		settled.forEach((poll) -> next.putAll(poll.next()));
		return next;
	}

	/**
	 * Waits for every queued tail, forgets the polls and returns, per partition, the
	 * first offset of the earliest of them: where the loop seeks back to write them
	 * again.
	 */
	public Map<TopicPartition, Long> rewind() {
		List<Pending> unsettled = new ArrayList<>(this.pending);
		this.pending.clear();
		unsettled.forEach((poll) -> awaitQuietly(poll.tail()));
		this.failed = false;
		Map<TopicPartition, Long> earliest = new HashMap<>();
		for (Pending poll : unsettled) {
			poll.first().forEach((partition, offset) -> earliest.merge(partition, offset, Math::min));
		}
		return earliest;
	}

	/**
	 * Waits for the queued tails (their offsets are left to the replay) and ends the
	 * queue's thread.
	 */
	@Override
	public void close() {
		this.pending.forEach((poll) -> awaitQuietly(poll.tail()));
		this.pending.clear();
		this.thread.shutdown();
	}

	private static long await(Future<Long> tail) {
		try {
			return tail.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WakeupException();
		}
	}

	private static void awaitQuietly(Future<Long> tail) {
		try {
			tail.get();
		}
		catch (ExecutionException | RuntimeException ex) {
			// rewound by the loop, or left to the replay
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
