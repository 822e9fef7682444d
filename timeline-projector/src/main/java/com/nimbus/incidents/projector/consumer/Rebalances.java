package com.nimbus.incidents.projector.consumer;

import java.util.Collection;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partitions changing hands: the offsets of the last poll are committed before partitions
 * go, the handlers forget what they hold in memory (a partition may come back written by
 * another instance), the coordinator forgets the replays of the partitions revoked and
 * learns those of the partitions assigned at the next check, which is brought forward.
 */
final class Rebalances implements ConsumerRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(Rebalances.class);

	private final RebuildCoordinator coordinator;

	private final Runnable settle;

	private final Runnable forget;

	private final Runnable checkNow;

	/**
	 * @param settle commits the offsets of the poll whose barrier is under way, while the
	 * partitions are still held
	 */
	Rebalances(RebuildCoordinator coordinator, Runnable settle, Runnable forget, Runnable checkNow) {
		this.coordinator = coordinator;
		this.settle = settle;
		this.forget = forget;
		this.checkNow = checkNow;
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		log.info("Partitions revoked: {}", partitions);
		try {
			this.settle.run();
		}
		finally {
			// a failed commit leaves the poll to be rewound (the exception leaves the
			// poll); the partitions go all the same
			this.forget.run();
			this.coordinator.revoked(partitions);
		}
	}

	@Override
	public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
		log.info("Partitions assigned: {}", partitions);
		this.forget.run();
		this.coordinator.assigned();
		this.checkNow.run();
	}

}
