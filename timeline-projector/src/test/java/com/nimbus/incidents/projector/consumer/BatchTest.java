package com.nimbus.incidents.projector.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchTest {

	private static final TopicPartition P0 = new TopicPartition("incident-events", 0);

	private static final TopicPartition P1 = new TopicPartition("incident-events", 1);

	@Test
	void aPollWithinTheCapIsTakenWhole() {
		List<ConsumerRecord<String, byte[]>> polled = polled(
				Map.of(P0, List.of(record(P0, 5, 100), record(P0, 6, 100))));

		Batch batch = Batch.of(polled, 1000);

		assertThat(batch.records()).hasSize(2);
		assertThat(batch.first()).containsExactly(Map.entry(P0, 5L));
		assertThat(batch.next()).containsExactly(Map.entry(P0, 7L));
		assertThat(batch.leftOver()).isEmpty();
		assertThat(batch.bytes()).isEqualTo(2 * (100 + "INC-1".length()));
	}

	@Test
	void recordsBeyondTheCapAreLeftForTheNextPollFromTheFirstOneNotTaken() {
		Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new LinkedHashMap<>();
		records.put(P0, List.of(record(P0, 0, 400), record(P0, 1, 400), record(P0, 2, 400)));
		records.put(P1, List.of(record(P1, 10, 400)));

		Batch batch = Batch.of(polled(records), 1000);

		assertThat(batch.records()).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
		assertThat(batch.bytes()).isLessThanOrEqualTo(1000);
		assertThat(batch.next()).containsExactly(Map.entry(P0, 2L));
		assertThat(batch.leftOver()).containsOnly(Map.entry(P0, 2L), Map.entry(P1, 10L));
		assertThat(batch.unapplied()).containsOnly(Map.entry(P0, 0L), Map.entry(P1, 10L));
	}

	@Test
	void aRecordLargerThanTheCapGoesThroughAlone() {
		Batch batch = Batch.of(polled(Map.of(P0, List.of(record(P0, 3, 5000), record(P0, 4, 10)))), 1000);

		assertThat(batch.records()).extracting(ConsumerRecord::offset).containsExactly(3L);
		assertThat(batch.leftOver()).containsExactly(Map.entry(P0, 4L));
	}

	private static List<ConsumerRecord<String, byte[]>> polled(
			Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records) {
		List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>();
		new ConsumerRecords<>(records, Map.of()).forEach(polled::add);
		return polled;
	}

	private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, int bytes) {
		return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "INC-1", new byte[bytes]);
	}

}
