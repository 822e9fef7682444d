package com.nimbus.incidents.command.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeldBatchesTest {

	/** The clock the batches wait by, moved by the test. */
	private long now = TimeUnit.SECONDS.toNanos(1000);

	private final HeldBatches held = new HeldBatches(() -> this.now);

	private static RelayBatch batch(String aggregate, long from, long to) {
		return new RelayBatch(aggregate + "@" + from, aggregate, from, to, List.of(), null, false);
	}

	private static List<String> ids(List<RelayBatch> batches) {
		return batches.stream().map(RelayBatch::ledgerId).toList();
	}

	private long waitMillis() {
		return TimeUnit.NANOSECONDS.toMillis(this.held.takeDue(this.now, new ArrayList<>()) - this.now);
	}

	@Test
	void aFailedBatchWaitsItsBackOffWithTheLaterBatchesOfItsAggregateBehindIt() {
		this.held.hold(batch("INC-1", 0, 1), 0);
		assertThat(this.held.joinIfWaiting(batch("INC-1", 2, 2))).isTrue();
		assertThat(this.held.joinIfWaiting(batch("INC-2", 0, 0))).isFalse();

		List<RelayBatch> cycle = new ArrayList<>();
		long nextRetry = this.held.takeDue(this.now, cycle);

		assertThat(cycle).isEmpty();
		// the first failure in a row: 100 ms, with jitter down to half of it
		assertThat(TimeUnit.NANOSECONDS.toMillis(nextRetry - this.now)).isBetween(50L, 100L);
		assertThat(this.held.size()).isEqualTo(2);

		this.now = nextRetry;
		assertThat(this.held.takeDue(this.now, cycle)).isEqualTo(Long.MAX_VALUE);
		assertThat(ids(cycle)).containsExactly("INC-1@0", "INC-1@2");
		assertThat(this.held.size()).isZero();
		assertThat(this.held.joinIfWaiting(batch("INC-1", 3, 3))).isFalse();
	}

	@Test
	void eachFailureInARowDoublesTheBackOffUpTo5sUntilABatchGoesThrough() {
		RelayBatch failing = batch("INC-1", 0, 0);
		long[] full = { 100, 200, 400, 800, 1600, 3200, 5000, 5000 };
		for (int failure = 0; failure < full.length; failure++) {
			this.held.hold(failing, 0);
			assertThat(waitMillis()).as("the wait after failure %d", failure + 1)
				.isBetween(full[failure] / 2, full[failure]);
			this.now += TimeUnit.SECONDS.toNanos(5);
			this.held.takeDue(this.now, new ArrayList<>());
		}

		this.held.succeeded("INC-1");
		this.held.hold(failing, 0);
		assertThat(waitMillis()).isBetween(50L, 100L);
	}

	@Test
	void aBatchThatJoinsAWaitKeepsItsTimeAndOneThatMustLetAnotherGoFirstWaitsAFixedPause() {
		this.held.hold(batch("INC-1", 0, 0), 50);
		assertThat(waitMillis()).isEqualTo(50L);

		this.now += TimeUnit.MILLISECONDS.toNanos(20);
		this.held.hold(batch("INC-1", 1, 1), -1);
		assertThat(waitMillis()).isEqualTo(30L);

		this.now += TimeUnit.MILLISECONDS.toNanos(30);
		List<RelayBatch> cycle = new ArrayList<>();
		this.held.takeDue(this.now, cycle);
		assertThat(ids(cycle)).containsExactly("INC-1@0", "INC-1@1");
	}

	@Test
	void aBatchTakenOverGoesBeforeTheWaitingBatchesOfItsAggregate() {
		this.held.hold(batch("INC-1", 5, 6), 0);
		this.held.hold(batch("INC-2", 0, 0), 0);

		assertThat(this.held.putFirstIfWaiting(batch("INC-1", 3, 4))).isTrue();
		assertThat(this.held.putFirstIfWaiting(batch("INC-3", 0, 0))).isFalse();

		this.now += TimeUnit.SECONDS.toNanos(1);
		List<RelayBatch> cycle = new ArrayList<>();
		this.held.takeDue(this.now, cycle);
		assertThat(ids(cycle)).containsExactly("INC-1@3", "INC-1@5", "INC-2@0");
	}

}
