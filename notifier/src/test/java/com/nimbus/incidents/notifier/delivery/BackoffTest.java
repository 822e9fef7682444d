package com.nimbus.incidents.notifier.delivery;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(42));

	@Test
	void theCeilingDoublesFromOneSecondUpToTenMinutes() {
		assertThat(this.backoff.ceilingMillis(1)).isEqualTo(1_000);
		assertThat(this.backoff.ceilingMillis(2)).isEqualTo(2_000);
		assertThat(this.backoff.ceilingMillis(3)).isEqualTo(4_000);
		assertThat(this.backoff.ceilingMillis(10)).isEqualTo(512_000);
		assertThat(this.backoff.ceilingMillis(11)).isEqualTo(600_000);
		assertThat(this.backoff.ceilingMillis(1_000)).isEqualTo(600_000);
	}

	@Test
	void everyDelayIsDrawnBetweenTheFloorAndTheCeiling() {
		for (int retry = 1; retry <= 30; retry++) {
			for (int i = 0; i < 200; i++) {
				long delay = this.backoff.delay(retry).toMillis();
				assertThat(delay).isBetween(100L, this.backoff.ceilingMillis(retry));
			}
		}
	}

	@Test
	void theJitterSpreadsRetriesOverTheWholeRange() {
		long low = 0;
		long high = 0;
		for (int i = 0; i < 1_000; i++) {
			long delay = this.backoff.delay(12).toMillis();
			low += (delay < 300_000) ? 1 : 0;
			high += (delay >= 300_000) ? 1 : 0;
		}
		assertThat(low).isBetween(400L, 600L);
		assertThat(high).isBetween(400L, 600L);
	}

	@Test
	void theSameSeedGivesTheSameSchedule() {
		Backoff again = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(42));
		Backoff first = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(42));
		for (int retry = 1; retry <= 12; retry++) {
			assertThat(again.delay(retry)).isEqualTo(first.delay(retry));
		}
	}

	@Test
	void aDayOfRetriesIsAboutOneHundredFiftyAttempts() {
		Backoff ceilings = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(7));
		long spent = 0;
		int retries = 0;
		while (spent < Duration.ofHours(24).toMillis()) {
			retries++;
			spent += ceilings.ceilingMillis(retries);
		}
		// at the ceilings: 10 doublings (about 17 minutes), then every 10 minutes
		assertThat(retries).isEqualTo(153);
	}

}
