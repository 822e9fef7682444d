package com.nimbus.incidents.query.limits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ByteBudgetTest {

	private static final Duration LONG_WAIT = Duration.ofSeconds(30);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	@Test
	void givenBytesAcquired_whenReleasedAndClosed_thenTheyAreFreeAgain() {
		ByteBudget budget = new ByteBudget(100, 60, LONG_WAIT);
		ByteBudget.Lease lease = budget.open();

		lease.acquire(30);
		lease.acquire(20);
		assertThat(lease.held()).isEqualTo(50);
		assertThat(budget.available()).isEqualTo(50);

		lease.release(10);
		assertThat(lease.held()).isEqualTo(40);
		assertThat(budget.available()).isEqualTo(60);

		lease.close();
		assertThat(lease.held()).isZero();
		assertThat(budget.available()).isEqualTo(100);
		assertThat(budget.peak()).isEqualTo(50);
	}

	@Test
	void givenTheBudgetHeldByAnother_whenNoBytesAreFreedInTime_thenTheRequestIsRefusedBusyAndHoldsNothing() {
		ByteBudget budget = new ByteBudget(100, 60, Duration.ofMillis(50));
		ByteBudget.Lease first = budget.open();
		first.acquire(60);
		ByteBudget.Lease second = budget.open();

		assertThatThrownBy(() -> second.acquire(50)).isInstanceOf(Busy.class).hasMessageContaining("retry");

		assertThat(budget.busyRefusals()).isEqualTo(1);
		assertThat(second.held()).isZero();
		assertThat(budget.available()).isEqualTo(40);
		assertThat(budget.waiting()).isZero();
	}

	@Test
	void givenTheBudgetHeldByAnother_whenItIsGivenBackWhileTheRequestWaits_thenTheRequestGetsItsBytes()
			throws Exception {
		ByteBudget budget = new ByteBudget(100, 60, LONG_WAIT);
		ByteBudget.Lease first = budget.open();
		first.acquire(60);
		ByteBudget.Lease second = budget.open();

		CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> second.acquire(50), this.threads);
		awaitWaiting(budget, 1);
		assertThat(waiting).isNotDone();
		first.close();

		waiting.get(10, TimeUnit.SECONDS);
		assertThat(second.held()).isEqualTo(50);
		assertThat(budget.available()).isEqualTo(50);
	}

	@Test
	void givenOneRequestAskingMoreThanItsShare_whenAcquiring_thenItIsRefusedTooCostlyAtOnceThoughTheBudgetIsFree() {
		ByteBudget budget = new ByteBudget(100, 60, LONG_WAIT);
		ByteBudget.Lease lease = budget.open();

		assertThatThrownBy(() -> lease.acquire(61)).isInstanceOf(TooCostly.class).hasMessageContaining("narrow");
		lease.acquire(40);
		assertThatThrownBy(() -> lease.acquire(21)).isInstanceOf(TooCostly.class);

		assertThat(lease.held()).isEqualTo(40);
		assertThat(budget.available()).isEqualTo(60);
		assertThat(budget.tooCostlyRefusals()).isEqualTo(2);
		assertThat(budget.busyRefusals()).isZero();
	}

	@Test
	void givenTwoRequestsHoldingPartAndBothNeedingMore_whenTheOldestWaits_thenTheYoungerGivesWayAndTheOldestCompletes()
			throws Exception {
		ByteBudget budget = new ByteBudget(100, 100, LONG_WAIT);
		ByteBudget.Lease oldest = budget.open();
		oldest.acquire(50);
		ByteBudget.Lease younger = budget.open();
		younger.acquire(40);

		CompletableFuture<Void> growing = CompletableFuture.runAsync(() -> oldest.acquire(30), this.threads);
		awaitWaiting(budget, 1);
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatThrownBy(() -> younger.acquire(5)).isInstanceOf(Busy.class));

		growing.get(10, TimeUnit.SECONDS);
		assertThat(younger.held()).isZero();
		assertThat(oldest.held()).isEqualTo(80);
		assertThat(budget.available()).isEqualTo(20);
	}

	@Test
	void givenAYoungerRequestHoldingBytes_whenItNeedsMoreThanIsFree_thenItIsRefusedAtOnceInsteadOfWaiting() {
		ByteBudget budget = new ByteBudget(100, 100, LONG_WAIT);
		ByteBudget.Lease oldest = budget.open();
		oldest.acquire(50);
		ByteBudget.Lease younger = budget.open();
		younger.acquire(40);

		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatThrownBy(() -> younger.acquire(20)).isInstanceOf(Busy.class));

		assertThat(younger.held()).isZero();
		assertThat(budget.available()).isEqualTo(50);
	}

	@Test
	void givenTheOldestHolderWaiting_whenANewRequestArrives_thenItIsNotAdmittedBeforeTheOldestIsServed()
			throws Exception {
		ByteBudget budget = new ByteBudget(100, 100, LONG_WAIT);
		ByteBudget.Lease oldest = budget.open();
		oldest.acquire(60);
		ByteBudget.Lease other = budget.open();
		other.acquire(30);
		CompletableFuture<Void> growing = CompletableFuture.runAsync(() -> oldest.acquire(30), this.threads);
		awaitWaiting(budget, 1);

		ByteBudget.Lease newcomer = budget.open();
		CompletableFuture<Void> admitting = CompletableFuture.runAsync(() -> newcomer.acquire(10), this.threads);
		awaitWaiting(budget, 2);
		other.close();

		growing.get(10, TimeUnit.SECONDS);
		admitting.get(10, TimeUnit.SECONDS);
		assertThat(oldest.held()).isEqualTo(90);
		assertThat(newcomer.held()).isEqualTo(10);
		assertThat(budget.available()).isZero();
	}

	/**
	 * Spins (no sleep) until {@code count} acquisitions wait.
	 */
	private static void awaitWaiting(ByteBudget budget, int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (budget.waiting() < count) {
			assertThat(System.nanoTime()).as("acquisitions waiting").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

}
