package com.nimbus.incidents.projector.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one poll the loop applies at once, at most {@code maxBytes} of keys and
 * values (but always at least one record, so that a record larger than the cap still goes
 * through alone). Records of a poll beyond the cap are left for the next poll:
 * {@link #leftOver} says where to seek each partition back to.
 *
 * @param records the records to apply, in the order polled
 * @param first per partition, the offset of its first record in this batch
 * @param next per partition, the offset to commit once the batch is applied
 * @param leftOver per partition polled but not (wholly) taken, the offset of its first
 * record not taken
 * @param bytes the keys and values of the records taken
 */
record Batch(List<ConsumerRecord<String, byte[]>> records, Map<TopicPartition, Long> first,
		Map<TopicPartition, Long> next, Map<TopicPartition, Long> leftOver, long bytes) {

	static Batch of(List<ConsumerRecord<String, byte[]>> polled, long maxBytes) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.size());
		Map<TopicPartition, Long> first = new HashMap<>();
		Map<TopicPartition, Long> next = new HashMap<>();
		Map<TopicPartition, Long> leftOver = new HashMap<>();
		long bytes = 0;
		for (ConsumerRecord<String, byte[]> record : polled) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			long size = size(record);
			if (leftOver.containsKey(partition) || (!records.isEmpty() && bytes + size > maxBytes)) {
				leftOver.putIfAbsent(partition, record.offset());
				continue;
			}
			records.add(record);
			bytes += size;
			first.putIfAbsent(partition, record.offset());
			next.put(partition, record.offset() + 1);
		}
		return new Batch(records, first, next, leftOver, bytes);
	}

	static long size(ConsumerRecord<String, byte[]> record) {
		long key = (record.key() != null) ? record.key().length() : 0;
		long value = (record.value() != null) ? record.value().length : 0;
		return key + value;
	}

	List<ConsumerRecord<String, byte[]>> ofTopic(String topic) {
		return this.records.stream().filter((record) -> record.topic().equals(topic)).toList();
	}

	/**
	 * Where to seek each partition polled back to when the batch could not be applied:
	 * its first record taken, or its first record left over.
	 */
	Map<TopicPartition, Long> unapplied() {
		Map<TopicPartition, Long> back = new HashMap<>(this.leftOver);
		back.putAll(this.first);
		return back;
	}

	boolean isEmpty() {
		return this.records.isEmpty();
	}

}
