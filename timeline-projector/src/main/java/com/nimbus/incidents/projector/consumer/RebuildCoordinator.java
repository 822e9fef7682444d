package com.nimbus.incidents.projector.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part of a rebuild: replays from the beginning every partition it holds
 * that has not been replayed for the current generation, and knows when those replays are
 * done.
 * <p>
 * Which generation a partition was replayed for travels in the metadata of its committed
 * offset ({@link Replay}), together with where its replay ends while it is under way; so
 * a partition handed to another instance, or taken up again after a crash, is replayed
 * when, and only when, it has not been for the current generation, and its new holder
 * knows whether the replay is still going. The coordinator talks to Kafka only through a
 * {@link PartitionConsumer}, and is called only from the loop's thread; what it reports
 * ({@link #generation()}, {@link #startedAt()}, {@link #completedAt()}) is read from any.
 */
final class RebuildCoordinator {

	private static final Logger log = LoggerFactory.getLogger(RebuildCoordinator.class);

	private final Clock clock;

	private final Runnable forget;

	/**
	 * Per partition held, what its committed offset says about rebuilds.
	 */
	private final Map<TopicPartition, Replay> replays = new HashMap<>();

	/** The partitions held whose offset last committed says their replay goes on. */
	private final Set<TopicPartition> replayCommitted = new HashSet<>();

	private volatile long generation = -1;

	private volatile boolean rebalancing = true;

	private volatile Instant startedAt;

	private volatile Instant completedAt;

	/**
	 * @param forget makes the handlers forget what they hold in memory, whenever the
	 * positions they read from move back
	 */
	RebuildCoordinator(Clock clock, Runnable forget) {
		this.clock = clock;
		this.forget = forget;
	}

	/**
	 * The generation this instance has seen and carried out; -1 before it first looked.
	 */
	long generation() {
		return this.generation;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	Instant completedAt() {
		return this.completedAt;
	}

	/**
	 * Whether this instance is replaying partitions for a rebuild.
	 */
	boolean rebuilding() {
		return this.startedAt != null && this.completedAt == null;
	}

	/**
	 * A rebuild was asked of this instance: what it reported of the last one no longer
	 * holds.
	 */
	void requested() {
		this.startedAt = null;
		this.completedAt = null;
	}

	void revoked(Collection<TopicPartition> partitions) {
		this.rebalancing = true;
		this.replays.keySet().removeAll(partitions);
		this.replayCommitted.removeAll(partitions);
	}

	/**
	 * Whether the offset last committed for a partition held says that its replay goes
	 * on: then the loop commits after every poll, not once an interval (ADR 35), so that
	 * the committed offsets say a replay has ended as soon as its last poll is durable.
	 */
	boolean replayCommitted() {
		return !this.replayCommitted.isEmpty();
	}

	void assigned() {
		this.rebalancing = false;
	}

	/**
	 * What the coordinator knows of a partition held; null when it has not looked yet.
	 */
	Replay replay(TopicPartition partition) {
		return this.replays.get(partition);
	}

	/**
	 * Catches up with the {@code current} generation: replays from the beginning every
	 * partition held that has not been replayed for it.
	 */
	void follow(PartitionConsumer consumer, long current) {
		if (this.generation >= 0 && current > this.generation) {
			start();
			log.info("Rebuild generation {}: replaying the partitions this instance holds", current);
		}
		this.generation = Math.max(this.generation, current);
		Set<TopicPartition> held = consumer.assignment();
		know(consumer, held);
		List<TopicPartition> behind = held.stream()
			.filter((partition) -> this.replays.get(partition).generation() < current)
			.sorted(Comparator.comparing(TopicPartition::toString))
			.toList();
		if (!behind.isEmpty()) {
			replayFromTheBeginning(consumer, behind, current);
		}
	}

	private void replayFromTheBeginning(PartitionConsumer consumer, List<TopicPartition> behind, long generation) {
		Map<TopicPartition, Long> beginning = consumer.beginningOffsets(behind);
		Map<TopicPartition, Long> end = consumer.endOffsets(behind);
		Map<TopicPartition, Replay> started = new HashMap<>();
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : behind) {
			long from = beginning.get(partition);
			long until = end.get(partition);
			Replay replay = new Replay(generation, (until > from) ? until : -1);
			started.put(partition, replay);
			offsets.put(partition, new OffsetAndMetadata(from, replay.metadata(from)));
		}
		// Commit first: from here on a crash or a rebalance hands each partition on at
		// its beginning, marked with this generation; before, it is still marked with an
		// older one, and whoever holds it next replays it.
		consumer.commitSync(offsets);
		started.forEach((partition, replay) -> committed(partition, replay, beginning.get(partition)));
		beginning.forEach(consumer::seek);
		this.forget.run();
		this.replays.putAll(started);
		if (!rebuilding()) {
			start();
		}
		log.info("Replaying {} from the beginning for rebuild generation {}", behind, generation);
	}

	/**
	 * Commits, per partition, the offset of the next record to read, with what the
	 * partition's replay has come to there.
	 */
	void commit(PartitionConsumer consumer, Map<TopicPartition, Long> next) {
		know(consumer, next.keySet());
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		Map<TopicPartition, Replay> progressed = new HashMap<>();
		next.forEach((partition, offset) -> {
			Replay replay = this.replays.get(partition).at(offset);
			progressed.put(partition, replay);
			offsets.put(partition, new OffsetAndMetadata(offset, replay.metadata(offset)));
		});
		consumer.commitSync(offsets);
		this.replays.putAll(progressed);
		progressed.forEach((partition, replay) -> committed(partition, replay, next.get(partition)));
	}

	/**
	 * Notes the replays that have reached their end on the partitions whose position is
	 * known, and the rebuild complete once no partition held is replaying and no
	 * rebalance is under way.
	 * @return whether any partition held is still replaying (or not yet known)
	 */
	boolean progress(PartitionConsumer consumer, Set<TopicPartition> held, Set<TopicPartition> positioned) {
		boolean replaying = false;
		for (TopicPartition partition : held) {
			Replay replay = this.replays.get(partition);
			if (positioned.contains(partition) && replay != null && replay.replaying()) {
				long position = consumer.position(partition);
				if (position >= replay.until()) {
					replay = replay.at(position);
					this.replays.put(partition, replay);
				}
			}
			replaying |= (replay == null) || replay.replaying();
		}
		if (rebuilding() && !this.rebalancing && !replaying) {
			this.completedAt = this.clock.instant();
			log.info("Rebuild generation {} complete on this instance in {}", this.generation,
					Duration.between(this.startedAt, this.completedAt));
		}
		return replaying;
	}

	/**
	 * Reads, from their committed offsets, the rebuild state of partitions this instance
	 * has just been given.
	 */
	private void know(PartitionConsumer consumer, Collection<TopicPartition> partitions) {
		Set<TopicPartition> unknown = new HashSet<>(partitions);
		unknown.removeAll(this.replays.keySet());
		if (unknown.isEmpty()) {
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unknown);
		List<TopicPartition> replaying = new ArrayList<>();
		for (TopicPartition partition : unknown) {
			Replay replay = Replay.of(committed.get(partition));
			this.replays.put(partition, replay);
			if (replay.replaying()) {
				replaying.add(partition);
				this.replayCommitted.add(partition);
			}
		}
		if (!replaying.isEmpty()) {
			if (!rebuilding()) {
				start();
			}
			log.info("Taking over the replay of {}", replaying);
		}
	}

	private void committed(TopicPartition partition, Replay replay, long next) {
		if (replay.endsAfter(next)) {
			this.replayCommitted.add(partition);
		}
		else {
			this.replayCommitted.remove(partition);
		}
	}

	private void start() {
		this.completedAt = null;
		this.startedAt = this.clock.instant();
	}

}
