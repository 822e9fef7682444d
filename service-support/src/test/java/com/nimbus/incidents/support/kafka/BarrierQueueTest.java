package com.nimbus.incidents.support.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The queue of polls waiting for their barriers: tails one at a time in poll order, the
 * polls handed over oldest first once their tails ended, a wait only beyond the limit,
 * and after a failure nothing more written until the loop rewinds to the earliest poll;
 * polls joined to one whose tail has not begun are committed or rewound with it.
 */
class BarrierQueueTest {

	private static final TopicPartition P0 = new TopicPartition("incident-events", 0);

	private static final TopicPartition P1 = new TopicPartition("incident-events", 1);

	private final BarrierQueue queue = new BarrierQueue("test-barrier");

	private final List<String> ran = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.queue.close();
	}

	@Test
	void pollsAreHandedOverOldestFirstOnceTheirTailsEndedAndTheLoopWaitsOnlyBeyondTheLimit() throws Exception {
		CountDownLatch storeCommits = new CountDownLatch(1);
		this.queue.submit(records(P0, 0, 1), 1, () -> {
			await(storeCommits);
			this.ran.add("tail 1");
		});
		this.queue.submit(records(P1, 5), 2, () -> this.ran.add("tail 2"));
		this.queue.submit(records(P0, 2), 3, () -> this.ran.add("tail 3"));
		List<List<BarrierQueue.Settled>> handed = new ArrayList<>();

		// three wait, none has ended: nothing handed over, no wait
		this.queue.settle(3, handed::add);
		assertThat(handed).isEmpty();
		assertThat(this.ran).isEmpty();

		storeCommits.countDown();
		// beyond a limit of one, the loop waits for the oldest two
		this.queue.settle(1, handed::add);

		assertThat(handed).hasSize(1);
		assertThat(handed.get(0)).extracting(BarrierQueue.Settled::started).startsWith(1L, 2L);
		assertThat(this.ran).startsWith("tail 1", "tail 2");
		this.queue.settle(0, handed::add);
		List<BarrierQueue.Settled> all = handed.stream().flatMap(List::stream).toList();
		assertThat(all).extracting(BarrierQueue.Settled::records).containsExactly(2, 1, 1);
		assertThat(BarrierQueue.next(all)).isEqualTo(Map.of(P0, 3L, P1, 6L));
		assertThat(this.ran).containsExactly("tail 1", "tail 2", "tail 3");
		assertThat(this.queue.isEmpty()).isTrue();
	}

	@Test
	void afterATailFailsTheOnesBehindItDoNothingAndTheLoopRewindsToTheEarliestPollQueued() {
		this.queue.submit(records(P0, 0, 1), 1, () -> this.ran.add("tail 1"));
		this.queue.submit(records(P0, 2), 2, () -> {
			throw new IllegalStateException("The store restarted");
		});
		this.queue.submit(records(P0, 3), 3, () -> this.ran.add("tail 3"));
		this.queue.submit(records(P1, 7), 4, () -> this.ran.add("tail 4"));
		List<BarrierQueue.Settled> handed = new ArrayList<>();

		assertThatThrownBy(() -> this.queue.settle(0, handed::addAll)).hasMessage("The store restarted");

		// the poll before the failure is committed; the ones after it wrote nothing
		assertThat(handed).extracting(BarrierQueue.Settled::started).containsExactly(1L);
		Map<TopicPartition, Long> rewind = this.queue.rewind();
		assertThat(rewind).isEqualTo(Map.of(P0, 2L, P1, 7L));
		assertThat(this.ran).containsExactly("tail 1");
		assertThat(this.queue.isEmpty()).isTrue();

		// written again: the tails run again
		this.queue.submit(records(P0, 2, 3), 5, () -> this.ran.add("tail 5"));
		this.queue.settle(0, handed::addAll);
		assertThat(this.ran).containsExactly("tail 1", "tail 5");
		assertThat(BarrierQueue.next(handed)).isEqualTo(Map.of(P0, 4L));
	}

	@Test
	void aPollJoinsTheNewestQueuedOnlyBeforeItsTailBeginsAndIsCommittedOrRewoundWithIt() {
		CountDownLatch firstBegun = new CountDownLatch(1);
		CountDownLatch storeCommits = new CountDownLatch(1);
		assertThat(this.queue.join(records(P0, 0), 100)).isFalse();
		this.queue.submit(records(P0, 0), 1, () -> {
			firstBegun.countDown();
			await(storeCommits);
			this.ran.add("tail 1");
		});
		await(firstBegun);
		// its tail has begun: whatever it writes was taken before, so no poll joins it
		assertThat(this.queue.join(records(P0, 1), 100)).isFalse();
		this.queue.submit(records(P0, 1), 2, () -> this.ran.add("tail 2"));
		// the newest has not begun: these join it, up to the records allowed
		assertThat(this.queue.join(records(P1, 4, 5), 100)).isTrue();
		assertThat(this.queue.join(records(P0, 2), 100)).isTrue();
		assertThat(this.queue.join(records(P0, 3, 4), 4)).isFalse();
		this.queue.submit(records(P0, 3, 4), 3, () -> {
			throw new IllegalStateException("The store restarted");
		});
		List<BarrierQueue.Settled> handed = new ArrayList<>();
		storeCommits.countDown();

		assertThatThrownBy(() -> this.queue.settle(0, handed::addAll)).hasMessage("The store restarted");

		// the joined polls were committed with the one they joined
		assertThat(handed).extracting(BarrierQueue.Settled::records).containsExactly(1, 4);
		assertThat(BarrierQueue.next(handed)).isEqualTo(Map.of(P0, 3L, P1, 6L));
		assertThat(this.ran).containsExactly("tail 1", "tail 2");
		assertThat(this.queue.rewind()).isEqualTo(Map.of(P0, 3L));

		// a failed poll that others had joined is rewound to the first of them all
		CountDownLatch busy = new CountDownLatch(1);
		this.queue.submit(records(P0, 3), 4, () -> await(busy));
		this.queue.submit(records(P0, 4), 5, () -> {
			throw new IllegalStateException("The store restarted again");
		});
		assertThat(this.queue.join(records(P1, 6), 100)).isTrue();
		busy.countDown();
		assertThatThrownBy(() -> this.queue.settle(0, handed::addAll)).hasMessage("The store restarted again");
		assertThat(this.queue.rewind()).isEqualTo(Map.of(P0, 4L, P1, 6L));
	}

	private static List<ConsumerRecord<String, byte[]>> records(TopicPartition partition, long... offsets) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (long offset : offsets) {
			records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "INC-1", new byte[0]));
		}
		return records;
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
