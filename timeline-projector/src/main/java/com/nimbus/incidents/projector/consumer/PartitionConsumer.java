package com.nimbus.incidents.projector.consumer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The few calls of a Kafka consumer the {@link RebuildCoordinator} makes: which
 * partitions are held, where their offsets are committed and with what, and where the
 * consumer reads. Narrow, so that the coordinator is tested against a fake without a
 * broker.
 */
interface PartitionConsumer {

	Set<TopicPartition> assignment();

	Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);

	void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

	void seek(TopicPartition partition, long offset);

	Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

	Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

	long position(TopicPartition partition);

	/**
	 * The calls above, made on a Kafka consumer.
	 */
	static PartitionConsumer of(Consumer<?, ?> kafka) {
		return new PartitionConsumer() {

			@Override
			public Set<TopicPartition> assignment() {
				return kafka.assignment();
			}

			@Override
			public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
				return kafka.committed(partitions);
			}

			@Override
			public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
				kafka.commitSync(offsets);
			}

			@Override
			public void seek(TopicPartition partition, long offset) {
				kafka.seek(partition, offset);
			}

			@Override
			public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
				return kafka.beginningOffsets(partitions);
			}

			@Override
			public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
				return kafka.endOffsets(partitions);
			}

			@Override
			public long position(TopicPartition partition) {
				return kafka.position(partition);
			}

		};
	}

}
