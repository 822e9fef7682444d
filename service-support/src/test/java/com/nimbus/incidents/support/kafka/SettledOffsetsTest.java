package com.nimbus.incidents.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offsets settled and not committed: due once per interval, the later offset of a
 * partition kept, only partitions still held taken, nothing taken twice, and forgotten
 * when partitions change hands.
 */
class SettledOffsetsTest {

	private static final TopicPartition P0 = new TopicPartition("incident-events", 0);

	private static final TopicPartition P1 = new TopicPartition("incident-events", 1);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final SettledOffsets offsets = new SettledOffsets(Duration.ofMillis(250), this.now::get);

	@Test
	void aCommitIsDueOnceTheIntervalHasPassedSinceTheLastTake() {
		this.offsets.add(Map.of(P0, 5L));
		assertThat(this.offsets.due()).isFalse();
		advance(249);
		assertThat(this.offsets.due()).isFalse();
		advance(1);
		assertThat(this.offsets.due()).isTrue();

		assertThat(this.offsets.take(Set.of(P0))).isEqualTo(Map.of(P0, 5L));
		assertThat(this.offsets.due()).isFalse();
		advance(250);
		assertThat(this.offsets.due()).isTrue();
	}

	@Test
	void theLaterOffsetOfAPartitionIsKeptAndOnlyPartitionsStillHeldAreTaken() {
		this.offsets.add(Map.of(P0, 7L, P1, 3L));
		// a poll read again after a rewind settles below what was settled before
		this.offsets.add(Map.of(P0, 6L));
		this.offsets.add(Map.of(P1, 9L));

		assertThat(this.offsets.take(Set.of(P0))).isEqualTo(Map.of(P0, 7L));
		// P1 went elsewhere: its next owner reads from what was committed
		assertThat(this.offsets.take(Set.of(P0, P1))).isEmpty();
	}

	@Test
	void nothingIsTakenTwiceAndAClearForgetsWhatWasNotCommitted() {
		this.offsets.add(Map.of(P0, 4L));
		assertThat(this.offsets.take(Set.of(P0, P1))).isEqualTo(Map.of(P0, 4L));
		assertThat(this.offsets.take(Set.of(P0, P1))).isEmpty();

		this.offsets.add(Map.of(P0, 8L, P1, 2L));
		this.offsets.clear();
		assertThat(this.offsets.take(Set.of(P0, P1))).isEmpty();
	}

	private void advance(long millis) {
		this.now.addAndGet(Duration.ofMillis(millis).toNanos());
	}

}
