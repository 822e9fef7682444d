package com.nimbus.incidents.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * A poll for a loop that works on each poll before the next (apply, store, commit), that
 * also takes what reached the broker while the loop was busy.
 * <p>
 * Why: as a poll returns, the consumer sends the next fetch; the broker answers it as
 * soon as it holds any record past the position, so while the loop works on a poll the
 * fetch comes back with the first record written meanwhile (often that one alone), and
 * every record written after waits for the fetch the next poll sends. A record written
 * while the loop was busy was thus taken one whole turn later than it needed to be: a
 * turn of the loop over that first record alone, its store round trips included. After a
 * turn longer than {@link #BUSY}, the loop polls once more, for at most a quarter of that
 * turn (between {@link #MIN_WAIT} and {@link #MAX_WAIT}), and takes what the fetch the
 * first poll sent brings back: everything the broker held when the loop came back. After
 * a short turn (a calm day) nothing waits.
 */
public final class FreshPoll<K, V> {

	/** A turn after which the loop polls again for what came meanwhile. */
	static final Duration BUSY = Duration.ofMillis(50);

	static final Duration MIN_WAIT = Duration.ofMillis(10);

	static final Duration MAX_WAIT = Duration.ofMillis(100);

	private final Consumer<K, V> consumer;

	private long turnStarted;

	private long lastTurnNanos;

	public FreshPoll(Consumer<K, V> consumer) {
		this.consumer = consumer;
	}

	/**
	 * The records of a poll (waiting up to {@code timeout} for the first), then, after a
	 * busy turn, those of a second short poll, in the order polled: each partition's
	 * records in offset order. A partition that a rebalance took away during the second
	 * poll has its records of the first dropped (they are no longer this loop's to apply
	 * or commit; its new holder reads them from the committed offset). Starts the timing
	 * of the caller's turn.
	 */
	public List<ConsumerRecord<K, V>> poll(Duration timeout) {
		ConsumerRecords<K, V> first = this.consumer.poll(timeout);
		List<ConsumerRecord<K, V>> records = new ArrayList<>(first.count());
		first.forEach(records::add);
		if (records.isEmpty()) {
			// idle: nothing piled up behind this poll
			this.lastTurnNanos = 0;
		}
		else if (this.lastTurnNanos > BUSY.toNanos()) {
			ConsumerRecords<K, V> more = secondPoll(records);
			// a rebalance runs inside a poll: the first poll's records of a partition it
			// took away are no longer this loop's
			Set<TopicPartition> held = this.consumer.assignment();
			records.removeIf((record) -> !held.contains(new TopicPartition(record.topic(), record.partition())));
			more.forEach(records::add);
		}
		this.turnStarted = System.nanoTime();
		return records;
	}

	/**
	 * The second poll. The first one has moved the positions past its records, which the
	 * caller never sees if this one throws (a wakeup, a failing rebalance listener): the
	 * partitions still held are put back at their first record first, so that the next
	 * poll returns them again.
	 */
	private ConsumerRecords<K, V> secondPoll(List<ConsumerRecord<K, V>> first) {
		try {
			return this.consumer.poll(secondWait(this.lastTurnNanos));
		}
		catch (RuntimeException ex) {
			Map<TopicPartition, Long> back = new HashMap<>();
			first.forEach((record) -> back.putIfAbsent(new TopicPartition(record.topic(), record.partition()),
					record.offset()));
			Set<TopicPartition> held = this.consumer.assignment();
			back.forEach((partition, offset) -> {
				if (held.contains(partition)) {
					this.consumer.seek(partition, offset);
				}
			});
			this.lastTurnNanos = 0;
			throw ex;
		}
	}

	/**
	 * The caller's turn on the records is over (written, committed); an empty poll needs
	 * no call.
	 */
	public void turnDone() {
		this.lastTurnNanos = System.nanoTime() - this.turnStarted;
	}

	/**
	 * The turn's work failed: the records are polled again, and the next turn starts
	 * afresh.
	 */
	public void turnFailed() {
		this.lastTurnNanos = 0;
	}

	static Duration secondWait(long lastTurnNanos) {
		long quarter = lastTurnNanos / 4;
		return Duration.ofNanos(Math.max(MIN_WAIT.toNanos(), Math.min(MAX_WAIT.toNanos(), quarter)));
	}

}
