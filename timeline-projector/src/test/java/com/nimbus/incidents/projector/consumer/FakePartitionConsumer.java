package com.nimbus.incidents.projector.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer without a broker: partitions held with their beginning, end and position,
 * and what was committed, in memory.
 */
class FakePartitionConsumer implements PartitionConsumer {

	final Set<TopicPartition> held = new LinkedHashSet<>();

	final Map<TopicPartition, Long> beginning = new HashMap<>();

	final Map<TopicPartition, Long> end = new HashMap<>();

	final Map<TopicPartition, Long> positions = new HashMap<>();

	final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();

	final List<Map<TopicPartition, OffsetAndMetadata>> commits = new ArrayList<>();

	final List<Map.Entry<TopicPartition, Long>> seeks = new ArrayList<>();

	void hold(TopicPartition partition, long beginning, long end, long position) {
		this.held.add(partition);
		this.beginning.put(partition, beginning);
		this.end.put(partition, end);
		this.positions.put(partition, position);
	}

	@Override
	public Set<TopicPartition> assignment() {
		return Set.copyOf(this.held);
	}

	@Override
	public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
		Map<TopicPartition, OffsetAndMetadata> found = new HashMap<>();
		partitions.forEach((partition) -> found.put(partition, this.committed.get(partition)));
		return found;
	}

	@Override
	public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
		this.commits.add(Map.copyOf(offsets));
		this.committed.putAll(offsets);
	}

	@Override
	public void seek(TopicPartition partition, long offset) {
		this.seeks.add(Map.entry(partition, offset));
		this.positions.put(partition, offset);
	}

	@Override
	public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
		Map<TopicPartition, Long> found = new HashMap<>();
		partitions.forEach((partition) -> found.put(partition, this.beginning.get(partition)));
		return found;
	}

	@Override
	public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
		Map<TopicPartition, Long> found = new HashMap<>();
		partitions.forEach((partition) -> found.put(partition, this.end.get(partition)));
		return found;
	}

	@Override
	public long position(TopicPartition partition) {
		return this.positions.get(partition);
	}

}
