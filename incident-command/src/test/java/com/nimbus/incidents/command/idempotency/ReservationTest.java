package com.nimbus.incidents.command.idempotency;

import java.time.Duration;
import java.time.Instant;

import com.nimbus.incidents.command.idempotency.Reservation.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationTest {

	private static final Instant RESERVED = Instant.parse("2026-01-01T10:00:00Z");

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final Reservation pending = Reservation.pending("dana\nk", "f", "t", "INC-0123456789", RESERVED);

	@Test
	void aPendingKeyIsHeldUntilItsLeaseRunsOut() {
		assertThat(this.pending.abandoned(RESERVED.plusSeconds(60), MINUTE)).isFalse();
		assertThat(this.pending.abandoned(RESERVED.plusSeconds(61), MINUTE)).isTrue();
	}

	@Test
	void aTakenOverKeyIsHeldFromTheTakeover() {
		Reservation taken = this.pending.leasedAt(RESERVED.plusSeconds(120));

		assertThat(taken.abandoned(RESERVED.plusSeconds(150), MINUTE)).isFalse();
		assertThat(taken.createdAt()).isEqualTo(RESERVED);
		assertThat(taken.token()).isEqualTo("t");
	}

	@Test
	void anUnknownOutcomeMayBeLookedForAtOnceAndACompletedOneNever() {
		Reservation unknown = new Reservation("dana\nk", "f", "t", "INC-0123456789", State.UNKNOWN, RESERVED, RESERVED,
				null);
		Reservation completed = new Reservation("dana\nk", "f", "t", "INC-0123456789", State.COMPLETED, RESERVED,
				RESERVED, new Answer(200, "application/json", null, "{}"));

		assertThat(unknown.abandoned(RESERVED, MINUTE)).isTrue();
		assertThat(completed.abandoned(RESERVED.plus(Duration.ofHours(1)), MINUTE)).isFalse();
	}

	@Test
	void aKeyExpiresAfterItIsRememberedFromItsCreation() {
		assertThat(this.pending.expired(RESERVED.plus(Duration.ofHours(24)), Duration.ofHours(24))).isFalse();
		assertThat(this.pending.expired(RESERVED.plus(Duration.ofHours(24)).plusMillis(1), Duration.ofHours(24)))
			.isTrue();
	}

}
