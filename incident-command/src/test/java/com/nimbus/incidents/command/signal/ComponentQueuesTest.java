package com.nimbus.incidents.command.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.SignalStatus;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ComponentQueuesTest {

	private static final TopicPartition P0 = new TopicPartition("signals", 0);

	private static final TopicPartition P1 = new TopicPartition("signals", 1);

	private static ComponentQueues.Taken taken(String service, String fingerprint, TopicPartition partition,
			long offset) {
		Signal signal = new Signal("alertmanager", fingerprint, SignalStatus.FIRING, service, "eu-west-1",
				ImpactLevel.MAJOR_OUTAGE, null, Instant.parse("2026-11-30T10:00:00Z"), null, "down", "down", Map.of(),
				List.of(), Instant.parse("2026-11-30T10:00:01Z"));
		return new ComponentQueues.Taken(signal, partition, offset);
	}

	@Test
	void aComponentWaitsOnlyForItsOwnPlacementAndOffsetsStopAtTheFirstSignalNotPlaced() throws Exception {
		CountDownLatch firstOfApi = new CountDownLatch(1);
		CountDownLatch placingApi = new CountDownLatch(1);
		List<List<String>> placed = Collections.synchronizedList(new ArrayList<>());
		try (ComponentQueues queues = new ComponentQueues((signals) -> {
			if (signals.get(0).fingerprint().equals("api-1")) {
				placingApi.countDown();
				awaitLatch(firstOfApi);
			}
			placed.add(signals.stream().map(Signal::fingerprint).toList());
		}, 4)) {
			// given the first signal of "api" is being placed, and takes long
			queues.take(List.of(taken("api", "api-1", P0, 0)));
			awaitLatch(placingApi);
			// when more come: another of "api" behind it, and other components
			queues
				.take(List.of(taken("db", "db-1", P0, 1), taken("api", "api-2", P0, 2), taken("web", "web-1", P1, 0)));
			queues.done(P1, 1, false);

			// then the other components are placed at once, "api" waits for its own
			await().atMost(Duration.ofSeconds(5)).until(() -> placed.size() == 2);
			assertThat(placed).containsExactlyInAnyOrder(List.of("db-1"), List.of("web-1"));
			ComponentQueues.Committable whileApiPlaces = queues.toCommit();
			assertThat(whileApiPlaces.offsets()).containsEntry(P0, 0L).containsEntry(P1, 2L);
			assertThat(queues.waiting()).isEqualTo(2);

			firstOfApi.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> queues.waiting() == 0);
			assertThat(placed).containsSubsequence(List.of("api-1"), List.of("api-2"));
			ComponentQueues.Committable afterwards = queues.toCommit();
			assertThat(afterwards.offsets()).containsEntry(P0, 3L).containsEntry(P1, 2L);
			assertThat(afterwards.placements()).isEqualTo(4);
		}
	}

	@Test
	void aFailedPlacementIsTriedAgainAndTheOffsetWaitsForIt() {
		AtomicInteger attempts = new AtomicInteger();
		List<String> placed = Collections.synchronizedList(new ArrayList<>());
		try (ComponentQueues queues = new ComponentQueues((signals) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("the store is away");
			}
			signals.forEach((signal) -> placed.add(signal.fingerprint()));
		}, 2)) {
			queues.take(List.of(taken("api", "api-1", P0, 7)));
			await().atMost(Duration.ofSeconds(1)).until(() -> attempts.get() == 1);
			assertThat(queues.toCommit().offsets()).containsEntry(P0, 7L);
			queues.take(List.of(taken("api", "api-2", P0, 8)));

			await().atMost(Duration.ofSeconds(5)).until(() -> queues.waiting() == 0);
			assertThat(placed).containsExactly("api-1", "api-2");
			assertThat(queues.toCommit().offsets()).containsEntry(P0, 9L);
		}
	}

	@Test
	void recordsDoneOnThePollThreadMoveTheOffsetAndCountForTheBarrierWhenTheyStored() {
		try (ComponentQueues queues = new ComponentQueues((signals) -> {
		}, 1)) {
			queues.done(P0, 4, false);
			assertThat(queues.toCommit().offsets()).containsEntry(P0, 5L);
			assertThat(queues.toCommit().placements()).isZero();
			queues.done(P0, 5, true);
			assertThat(queues.toCommit().offsets()).containsEntry(P0, 6L);
			assertThat(queues.toCommit().placements()).isEqualTo(1);
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
