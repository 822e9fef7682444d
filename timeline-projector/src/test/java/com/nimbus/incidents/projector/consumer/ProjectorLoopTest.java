package com.nimbus.incidents.projector.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The loop against Kafka's {@link MockConsumer}: it survives a failing write by retrying
 * the same records, a barrier (or the writes a poll left for later) that fails after the
 * next poll was written rewinds both polls, and an {@link Error} ends its thread, which
 * it reports.
 */
class ProjectorLoopTest {

	private static final String TOPIC = "incident-events";

	private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

	private final MockConsumer<String, byte[]> kafka = new MockConsumer<>("earliest");

	private final RebuildControl control = mock(RebuildControl.class);

	/**
	 * barriers passed: one per poll whose writes went through, none for the failed one
	 */
	private final java.util.concurrent.atomic.AtomicInteger barriers = new java.util.concurrent.atomic.AtomicInteger();

	/** polls begun: one before each poll's writes, the failed one included */
	private final java.util.concurrent.atomic.AtomicInteger begun = new java.util.concurrent.atomic.AtomicInteger();

	private ProjectorLoop loop;

	@AfterEach
	void stop() {
		if (this.loop != null && this.loop.isRunning()) {
			this.loop.stop();
		}
	}

	@Test
	void aFailedWriteIsRetriedWithTheSameRecordsAndTheThreadLivesOn() {
		Handler handler = new Handler((attempt) -> {
			if (attempt == 1) {
				throw new IllegalStateException("store unreachable");
			}
		});
		start(handler);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> handler.batches.size() == 1 && this.kafka.position(P0) == 0);
		// the loop went back to the first record of the failed poll; the broker delivers
		// from there again
		this.kafka.schedulePollTask(this::deliver);

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.loop.status().recordsApplied() == 2);

		assertThat(handler.batches).hasSize(2);
		assertThat(handler.batches.get(1)).isEqualTo(handler.batches.get(0)).containsExactly(0L, 1L);
		// committed within the loop's commit interval (ADR 35), after the barrier
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.kafka.committed(java.util.Set.of(P0)).get(P0))
				.isEqualTo(new OffsetAndMetadata(2, "rebuild-generation=0")));
		assertThat(this.loop.workerAlive()).isTrue();
		assertThat(this.loop.failure()).isNull();
		assertThat(handler.forgotten.get()).isGreaterThanOrEqualTo(1);
		assertThat(this.barriers.get()).isEqualTo(1);
		assertThat(this.begun.get()).isEqualTo(2);
	}

	@Test
	void anErrorEndsTheThreadAndIsKept() {
		start(new Handler((attempt) -> {
			throw new StackOverflowError("deep");
		}));

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !this.loop.workerAlive());

		assertThat(this.loop.isRunning()).isTrue();
		assertThat(this.loop.failure()).isInstanceOf(StackOverflowError.class).hasMessage("deep");
		assertThat(this.loop.status().recordsApplied()).isZero();
	}

	@Test
	void aBarrierThatFailsAfterTheNextPollWasWrittenRewindsBothPolls() {
		CountDownLatch secondPollWritten = new CountDownLatch(1);
		Handler handler = new Handler((attempt) -> {
			if (attempt == 1) {
				// the next record reaches the broker while the first poll's barrier runs
				this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "INC-1", new byte[] { 3 }));
			}
			if (attempt == 2) {
				secondPollWritten.countDown();
			}
		});
		AtomicInteger barrierCalls = new AtomicInteger();
		// the records come a poll after the partition, once the rebuild check that
		// follows an assignment (and settles any poll) has passed
		start(handler, false, () -> {
			if (barrierCalls.incrementAndGet() == 1) {
				// the store restarted under the first poll's writes; the second poll's
				// were written meanwhile, by the loop, and may be lost as well
				await(secondPollWritten);
				throw new IllegalStateException("The store restarted");
			}
		});
		this.kafka.schedulePollTask(this::deliver);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handler.batches.size() == 2);
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(handler.forgotten.get()).isGreaterThanOrEqualTo(2);
			assertThat(this.kafka.position(P0)).isZero();
		});
		assertThat(this.kafka.committed(java.util.Set.of(P0)).get(P0)).isNull();
		// the broker delivers from the first poll's first record again
		this.kafka.schedulePollTask(() -> {
			deliver();
			this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "INC-1", new byte[] { 3 }));
		});

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.loop.status().recordsApplied() == 3);

		assertThat(handler.batches).containsExactly(List.of(0L, 1L), List.of(2L), List.of(0L, 1L, 2L));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> new OffsetAndMetadata(3, "rebuild-generation=0")
				.equals(this.kafka.committed(java.util.Set.of(P0)).get(P0)));
		assertThat(barrierCalls.get()).isEqualTo(2);
		assertThat(handler.forgotten.get()).isGreaterThanOrEqualTo(1);
		assertThat(this.loop.workerAlive()).isTrue();
	}

	@Test
	void aPollsRestIsWrittenBesideTheNextPollBeforeItsBarrierAndFailingRewindsBothPolls() {
		List<String> done = new CopyOnWriteArrayList<>();
		CountDownLatch secondPollWritten = new CountDownLatch(1);
		Handler handler = new Handler((attempt) -> {
			done.add("write " + attempt);
			if (attempt == 1) {
				this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "INC-1", new byte[] { 3 }));
			}
			if (attempt == 2) {
				secondPollWritten.countDown();
			}
		});
		handler.rest = (attempt) -> () -> {
			if (attempt == 1) {
				// the loop went on to the next poll while this poll's rest was under way
				await(secondPollWritten);
				done.add("rest 1 failed");
				throw new IllegalStateException("list bucket moved");
			}
			done.add("rest " + attempt);
		};
		start(handler, false, () -> done.add("barrier"));
		this.kafka.schedulePollTask(this::deliver);
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(handler.batches).hasSize(2);
			assertThat(this.kafka.position(P0)).isZero();
		});
		assertThat(this.kafka.committed(java.util.Set.of(P0)).get(P0)).isNull();
		this.kafka.schedulePollTask(() -> {
			deliver();
			this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "INC-1", new byte[] { 3 }));
		});

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> new OffsetAndMetadata(3, "rebuild-generation=0")
				.equals(this.kafka.committed(java.util.Set.of(P0)).get(P0)));

		assertThat(handler.batches).containsExactly(List.of(0L, 1L), List.of(2L), List.of(0L, 1L, 2L));
		// no barrier for the first two polls; the rewritten poll's rest before its
		// barrier
		assertThat(done).containsExactly("write 1", "write 2", "rest 1 failed", "write 3", "rest 3", "barrier");
		assertThat(this.loop.status().recordsApplied()).isEqualTo(3);
		assertThat(handler.forgotten.get()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theLoopWritesOnWhileBarriersWaitThenWaitsForTheOldestBeyondTheLimit() {
		CountDownLatch storeCommits = new CountDownLatch(1);
		Handler handler = new Handler((attempt) -> {
			if (attempt < 6) {
				// the next record reaches the broker while this poll is written
				this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, attempt, "INC-1", new byte[] { 1 }));
			}
		});
		start(handler, false, () -> await(storeCommits));
		this.kafka
			.schedulePollTask(() -> this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "INC-1", new byte[] { 1 })));

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> handler.batches.size() == com.nimbus.incidents.support.kafka.BarrierQueue.MAX_PENDING + 1);
		// the first barrier still waits: no more polls written, nothing committed
		Awaitility.await()
			.during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(5))
			.until(() -> handler.batches.size() == com.nimbus.incidents.support.kafka.BarrierQueue.MAX_PENDING + 1);
		assertThat(this.kafka.committed(java.util.Set.of(P0)).get(P0)).isNull();
		assertThat(this.loop.status().recordsApplied()).isZero();
		storeCommits.countDown();

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> new OffsetAndMetadata(6, "rebuild-generation=0")
				.equals(this.kafka.committed(java.util.Set.of(P0)).get(P0)));
		assertThat(handler.batches).containsExactly(List.of(0L), List.of(1L), List.of(2L), List.of(3L), List.of(4L),
				List.of(5L));
		assertThat(this.loop.status().recordsApplied()).isEqualTo(6);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void start(Handler handler) {
		start(handler, true, this.barriers::incrementAndGet);
	}

	private void start(Handler handler, boolean deliverWithAssignment, Runnable barrier) {
		when(this.control.read()).thenReturn(new RebuildControl.State(0, Map.of()));
		ConsumerProperties properties = new ConsumerProperties("unused:9092", TOPIC, "contract-events", "group", 100,
				1 << 20, 8 << 20, 16 << 20);
		this.loop = new ProjectorLoop(properties, List.of(handler), this.control, () -> {
		}, this.begun::incrementAndGet, barrier, Clock.systemUTC(), new SimpleMeterRegistry(), (config) -> this.kafka);
		this.kafka.updateBeginningOffsets(Map.of(P0, 0L));
		this.kafka.updateEndOffsets(Map.of(P0, 2L));
		this.kafka.schedulePollTask(() -> {
			this.kafka.rebalance(List.of(P0));
			if (deliverWithAssignment) {
				deliver();
			}
		});
		this.loop.start();
	}

	private void deliver() {
		this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "INC-1", new byte[] { 1 }));
		this.kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "INC-1", new byte[] { 2 }));
	}

	/**
	 * Records the offsets of each batch it is handed, and does what it is told on each
	 * attempt.
	 */
	private static final class Handler implements RecordsHandler {

		private final java.util.function.IntConsumer onAttempt;

		private final AtomicInteger attempts = new AtomicInteger();

		final List<List<Long>> batches = new CopyOnWriteArrayList<>();

		final AtomicInteger forgotten = new AtomicInteger();

		/** Per attempt, the writes left for later; none unless set. */
		java.util.function.IntFunction<Runnable> rest = (attempt) -> () -> {
		};

		Handler(java.util.function.IntConsumer onAttempt) {
			this.onAttempt = onAttempt;
		}

		@Override
		public String topic() {
			return TOPIC;
		}

		@Override
		public void handle(List<ConsumerRecord<String, byte[]>> records) {
			handleDeferring(records).run();
		}

		@Override
		public Runnable handleDeferring(List<ConsumerRecord<String, byte[]>> records) {
			this.batches.add(records.stream().map(ConsumerRecord::offset).toList());
			int attempt = this.attempts.incrementAndGet();
			this.onAttempt.accept(attempt);
			return this.rest.apply(attempt);
		}

		@Override
		public Optional<String> unreadable(byte[] value) {
			return Optional.empty();
		}

		@Override
		public void reset() {
		}

		@Override
		public void forget() {
			this.forgotten.incrementAndGet();
		}

	}

}
