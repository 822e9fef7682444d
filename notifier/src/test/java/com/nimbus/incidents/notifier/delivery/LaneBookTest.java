package com.nimbus.incidents.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;
import com.nimbus.incidents.notifier.channel.IncidentSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's ordering and back-off rules on the pure book: times come in, no thread, no
 * channel.
 */
class LaneBookTest {

	private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

	private static final DeliveryOutcome OK = new DeliveryOutcome(Result.DELIVERED, 200, 5, null);

	private static final DeliveryOutcome FAILED = new DeliveryOutcome(Result.RETRY, 503, 5, "503");

	private final LaneBook book = new LaneBook(2,
			new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(1)), Duration.ofHours(24));

	private static PendingDelivery delivery(String subscription, String incident, long sequence) {
		StoredEvent event = new StoredEvent(incident + "-e" + sequence, incident, sequence, "NoteAdded", T0, T0, "{}",
				new IncidentSnapshot(incident, "t", "SEV2", "INVESTIGATING", sequence));
		return new PendingDelivery(subscription, event, false);
	}

	private List<PendingDelivery> due(Instant now) {
		return this.book.due(now, (subscription) -> true);
	}

	@Test
	void aLaneSendsItsNextEventOnlyOnceTheHeadIsDelivered() {
		PendingDelivery first = delivery("s", "INC-1", 0);
		PendingDelivery second = delivery("s", "INC-1", 1);
		this.book.add(first);
		this.book.add(second);
		assertThat(due(T0)).containsExactly(first);
		assertThat(due(T0)).isEmpty();
		Settled settled = this.book.settle(first, OK, T0);
		assertThat(settled.kind()).isEqualTo(Settled.Kind.DELIVERED);
		assertThat(settled.attempt()).isEqualTo(1);
		assertThat(due(T0)).containsExactly(second);
	}

	@Test
	void aFailedHeadIsRetriedAfterItsBackOffAndTheLaneWaitsBehindIt() {
		PendingDelivery first = delivery("s", "INC-1", 0);
		PendingDelivery second = delivery("s", "INC-1", 1);
		this.book.add(first);
		this.book.add(second);
		due(T0);
		Settled retry = this.book.settle(first, FAILED, T0);
		assertThat(retry.kind()).isEqualTo(Settled.Kind.RETRYING);
		assertThat(retry.attempt()).isEqualTo(1);
		assertThat(retry.nextAttemptAt()).isBetween(T0.plusMillis(100), T0.plusSeconds(1));
		assertThat(this.book.nextTimer()).contains(retry.nextAttemptAt());
		assertThat(due(retry.nextAttemptAt().minusMillis(1))).isEmpty();
		assertThat(due(retry.nextAttemptAt())).containsExactly(first);
		Settled again = this.book.settle(first, FAILED, retry.nextAttemptAt());
		assertThat(again.attempt()).isEqualTo(2);
		assertThat(again.firstAttemptAt()).isEqualTo(T0);
		assertThat(Duration.between(retry.nextAttemptAt(), again.nextAttemptAt())).isBetween(Duration.ofMillis(100),
				Duration.ofSeconds(2));
	}

	@Test
	void lanesOfOtherIncidentsAndSubscriptionsGoOnWhileOneRetries() {
		PendingDelivery stuck = delivery("s", "INC-1", 0);
		PendingDelivery otherIncident = delivery("s", "INC-2", 0);
		PendingDelivery otherSubscription = delivery("t", "INC-1", 0);
		this.book.add(stuck);
		this.book.add(otherIncident);
		this.book.add(otherSubscription);
		assertThat(due(T0)).containsExactlyInAnyOrder(stuck, otherIncident, otherSubscription);
		this.book.settle(stuck, FAILED, T0);
		PendingDelivery next = delivery("s", "INC-2", 1);
		this.book.add(next);
		this.book.settle(otherIncident, OK, T0);
		assertThat(due(T0)).containsExactly(next);
	}

	@Test
	void aSubscriptionHasAtMostItsBoundInFlightAndOthersAreNotHeldByIt() {
		PendingDelivery a = delivery("slow", "INC-1", 0);
		PendingDelivery b = delivery("slow", "INC-2", 0);
		PendingDelivery c = delivery("slow", "INC-3", 0);
		PendingDelivery other = delivery("fast", "INC-1", 0);
		List.of(a, b, c, other).forEach(this.book::add);
		assertThat(due(T0)).containsExactlyInAnyOrder(a, b, other);
		assertThat(due(T0)).isEmpty();
		PendingDelivery later = delivery("fast", "INC-1", 1);
		this.book.add(later);
		this.book.settle(other, OK, T0);
		assertThat(due(T0)).containsExactly(later);
		this.book.settle(a, OK, T0);
		assertThat(due(T0)).containsExactly(c);
	}

	@Test
	void afterTwentyFourHoursOfFailuresTheHeadIsDeadLetteredAndTheLaneMovesOn() {
		PendingDelivery first = delivery("s", "INC-1", 0);
		PendingDelivery second = delivery("s", "INC-1", 1);
		this.book.add(first);
		this.book.add(second);
		Instant now = T0;
		due(now);
		Settled settled = this.book.settle(first, FAILED, now);
		int attempts = 1;
		while (settled.kind() == Settled.Kind.RETRYING) {
			assertThat(Duration.between(now, settled.nextAttemptAt())).isLessThanOrEqualTo(Duration.ofMinutes(10));
			now = settled.nextAttemptAt();
			assertThat(due(now)).containsExactly(first);
			settled = this.book.settle(first, FAILED, now);
			attempts++;
		}
		assertThat(settled.kind()).isEqualTo(Settled.Kind.DEAD_LETTER);
		assertThat(settled.attempt()).isEqualTo(attempts);
		assertThat(now).isAfterOrEqualTo(T0.plus(Duration.ofHours(24)));
		assertThat(now).isBefore(T0.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(10)));
		assertThat(due(now)).containsExactly(second);
	}

	@Test
	void aRejectedHeadIsRetriedLikeAFailedOneAndGoneStopsTheLane() {
		PendingDelivery first = delivery("s", "INC-1", 0);
		this.book.add(first);
		due(T0);
		Settled rejected = this.book.settle(first, new DeliveryOutcome(Result.REJECTED, 400, 1, "400"), T0);
		assertThat(rejected.kind()).isEqualTo(Settled.Kind.RETRYING);
		assertThat(due(rejected.nextAttemptAt())).containsExactly(first);
		Settled gone = this.book.settle(first, new DeliveryOutcome(Result.GONE, 410, 1, "410"),
				rejected.nextAttemptAt());
		assertThat(gone.kind()).isEqualTo(Settled.Kind.GONE);
		this.book.forget("s");
		assertThat(due(rejected.nextAttemptAt().plusSeconds(3600))).isEmpty();
		assertThat(this.book.pendingCount()).isZero();
	}

	@Test
	void aPausedSubscriptionsLanesWaitUntilWoken() {
		PendingDelivery first = delivery("s", "INC-1", 0);
		this.book.add(first);
		assertThat(this.book.due(T0, (subscription) -> false)).isEmpty();
		assertThat(due(T0)).isEmpty();
		this.book.wake("s");
		assertThat(due(T0)).containsExactly(first);
	}

	@Test
	void theSameEventTwiceInALaneIsKeptOnceButAReplayOfItIsKept() {
		PendingDelivery first = delivery("s", "INC-1", 0);
		assertThat(this.book.add(first)).isTrue();
		assertThat(this.book.add(delivery("s", "INC-1", 0))).isFalse();
		assertThat(this.book.add(new PendingDelivery("s", first.event(), true))).isTrue();
		assertThat(this.book.pendingCount()).isEqualTo(2);
	}

	@Test
	void aDeliveryHandedInAgainAfterItsLaneMovedPastItIsDropped() {
		PendingDelivery first = delivery("s", "INC-1", 0);
		this.book.add(first);
		due(T0);
		this.book.settle(first, OK, T0);
		assertThat(this.book.add(delivery("s", "INC-1", 0))).isFalse();
		assertThat(this.book.add(new PendingDelivery("s", first.event(), true))).isTrue();
		assertThat(this.book.add(delivery("s", "INC-1", 1))).isTrue();
		assertThat(due(T0)).extracting((delivery) -> delivery.event().sequence()).containsExactly(0L);
	}

	@Test
	void aRestoredLaneKeepsItsRetryTimeAndItsFirstAttempt() {
		PendingDelivery first = delivery("s", "INC-1", 3);
		PendingDelivery second = delivery("s", "INC-1", 4);
		this.book.restore(List.of(first, second), 5, T0, T0.plusSeconds(30));
		assertThat(due(T0.plusSeconds(29))).isEmpty();
		assertThat(due(T0.plusSeconds(30))).containsExactly(first);
		Settled settled = this.book.settle(first, FAILED, T0.plus(Duration.ofHours(24)));
		assertThat(settled.kind()).isEqualTo(Settled.Kind.DEAD_LETTER);
		assertThat(settled.attempt()).isEqualTo(6);
		assertThat(Set.copyOf(due(T0.plus(Duration.ofHours(24))))).containsExactly(second);
	}

}
