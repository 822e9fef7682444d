package com.nimbus.incidents.projector.consumer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator against a consumer without a broker.
 */
class RebuildCoordinatorTest {

	private static final TopicPartition P0 = new TopicPartition("incident-events", 0);

	private static final TopicPartition P1 = new TopicPartition("incident-events", 1);

	private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

	private final FakePartitionConsumer consumer = new FakePartitionConsumer();

	private final AtomicInteger forgotten = new AtomicInteger();

	private final RebuildCoordinator coordinator = new RebuildCoordinator(Clock.fixed(NOW, ZoneOffset.UTC),
			this.forgotten::incrementAndGet);

	@Test
	void whenTheGenerationAdvancesThePartitionsBehindAreCommittedAtTheirBeginningWithTheGenerationAndSeeked() {
		this.consumer.hold(P0, 0, 120, 120);
		this.consumer.hold(P1, 5, 80, 80);
		this.consumer.committed.put(P0, new OffsetAndMetadata(120, "rebuild-generation=1"));
		this.consumer.committed.put(P1, new OffsetAndMetadata(80, "rebuild-generation=2"));
		this.coordinator.assigned();
		this.coordinator.follow(this.consumer, 1);
		assertThat(this.consumer.commits).as("p0 is at generation 1, p1 ahead: nothing to replay").isEmpty();

		this.coordinator.follow(this.consumer, 2);

		assertThat(this.consumer.commits)
			.containsExactly(Map.of(P0, new OffsetAndMetadata(0, "rebuild-generation=2;replay-until=120")));
		assertThat(this.consumer.seeks).containsExactly(Map.entry(P0, 0L));
		assertThat(this.coordinator.replay(P0)).isEqualTo(new Replay(2, 120));
		assertThat(this.coordinator.replay(P1)).isEqualTo(new Replay(2, -1));
		assertThat(this.coordinator.replayCommitted()).as("p0's committed offset says it replays").isTrue();
		assertThat(this.coordinator.generation()).isEqualTo(2);
		assertThat(this.coordinator.rebuilding()).isTrue();
		assertThat(this.coordinator.startedAt()).isEqualTo(NOW);
		assertThat(this.forgotten).hasValue(1);
	}

	@Test
	void anEmptyPartitionBehindIsMarkedReplayedAtOnce() {
		this.consumer.hold(P0, 7, 7, 7);
		this.coordinator.assigned();

		this.coordinator.follow(this.consumer, 1);

		assertThat(this.consumer.committed)
			.containsExactly(Map.entry(P0, new OffsetAndMetadata(7, "rebuild-generation=1")));
		assertThat(this.coordinator.replayCommitted()).isFalse();
		assertThat(this.coordinator.progress(this.consumer, Set.of(P0), Set.of(P0))).isFalse();
		assertThat(this.coordinator.completedAt()).isEqualTo(NOW);
	}

	@Test
	void aPartitionTakenOverMidReplayIsKnownAsReplayingAndItsReplayCompletes() {
		this.consumer.hold(P0, 0, 500, 200);
		this.consumer.committed.put(P0, new OffsetAndMetadata(200, "rebuild-generation=3;replay-until=500"));
		this.coordinator.assigned();

		this.coordinator.follow(this.consumer, 3);

		assertThat(this.consumer.commits).as("no new replay: the partition is at generation 3 already").isEmpty();
		assertThat(this.coordinator.replay(P0)).isEqualTo(new Replay(3, 500));
		assertThat(this.coordinator.rebuilding()).isTrue();
		assertThat(this.coordinator.progress(this.consumer, Set.of(P0), Set.of(P0))).isTrue();
		assertThat(this.coordinator.completedAt()).isNull();

		assertThat(this.coordinator.replayCommitted()).as("taken over mid-replay").isTrue();

		this.coordinator.commit(this.consumer, Map.of(P0, 350L));
		assertThat(this.consumer.committed.get(P0))
			.isEqualTo(new OffsetAndMetadata(350, "rebuild-generation=3;replay-until=500"));
		assertThat(this.coordinator.replayCommitted()).isTrue();
		this.coordinator.commit(this.consumer, Map.of(P0, 500L));
		assertThat(this.consumer.committed.get(P0)).isEqualTo(new OffsetAndMetadata(500, "rebuild-generation=3"));
		assertThat(this.coordinator.replayCommitted()).as("the commit says the replay has ended").isFalse();
		this.consumer.positions.put(P0, 500L);

		assertThat(this.coordinator.progress(this.consumer, Set.of(P0), Set.of(P0))).isFalse();
		assertThat(this.coordinator.rebuilding()).isFalse();
		assertThat(this.coordinator.completedAt()).isEqualTo(NOW);
	}

	@Test
	void theRebuildIsNotCompleteWhileAPartitionHeldIsUnknownOrARebalanceIsUnderWay() {
		this.consumer.hold(P0, 0, 10, 0);
		this.coordinator.assigned();
		this.coordinator.follow(this.consumer, 1);
		this.consumer.positions.put(P0, 10L);

		this.coordinator.revoked(List.of(P1));
		assertThat(this.coordinator.progress(this.consumer, Set.of(P0), Set.of(P0))).isFalse();
		assertThat(this.coordinator.completedAt()).as("rebalancing").isNull();

		this.coordinator.assigned();
		assertThat(this.coordinator.progress(this.consumer, Set.of(P0, P1), Set.of(P0))).as("p1 not known yet")
			.isTrue();
		assertThat(this.coordinator.completedAt()).isNull();

		this.coordinator.revoked(List.of(P1));
		this.coordinator.assigned();
		assertThat(this.coordinator.progress(this.consumer, Set.of(P0), Set.of(P0))).isFalse();
		assertThat(this.coordinator.completedAt()).isEqualTo(NOW);
	}

	@Test
	void aPositionNotYetKnownDoesNotEndAReplay() {
		this.consumer.hold(P0, 0, 10, 10);
		this.coordinator.assigned();
		this.coordinator.follow(this.consumer, 1);
		this.consumer.positions.put(P0, 10L);

		assertThat(this.coordinator.progress(this.consumer, Set.of(P0), Set.of())).isTrue();
		assertThat(this.coordinator.replay(P0).replaying()).isTrue();
	}

	@Test
	void aPartitionRevokedIsForgottenAndReadAgainFromItsCommittedOffsetWhenItComesBack() {
		this.consumer.hold(P0, 0, 10, 10);
		this.coordinator.assigned();
		this.coordinator.follow(this.consumer, 0);
		assertThat(this.coordinator.replay(P0)).isEqualTo(Replay.NONE);

		this.coordinator.revoked(List.of(P0));
		assertThat(this.coordinator.replay(P0)).isNull();
		this.consumer.committed.put(P0, new OffsetAndMetadata(4, "rebuild-generation=5;replay-until=10"));
		this.coordinator.assigned();
		this.coordinator.follow(this.consumer, 5);

		assertThat(this.coordinator.replay(P0)).isEqualTo(new Replay(5, 10));
		assertThat(this.consumer.commits).isEmpty();
	}

}
