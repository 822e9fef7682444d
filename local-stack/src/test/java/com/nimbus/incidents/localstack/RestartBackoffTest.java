package com.nimbus.incidents.localstack;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RestartBackoffTest {

	private final RestartBackoff backoff = RestartBackoff.DEFAULT;

	@Test
	void doublesFromOneSecondUpToThirtySeconds() {
		assertThat(this.backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.delay(3)).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.backoff.delay(5)).isEqualTo(Duration.ofSeconds(16));
		assertThat(this.backoff.delay(6)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.backoff.delay(7)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void staysAtTheCapHoweverManyFailures() {
		assertThat(this.backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void forgetsAfterAHealthyMinuteOnly() {
		assertThat(this.backoff.forgets(Duration.ofSeconds(59))).isFalse();
		assertThat(this.backoff.forgets(Duration.ofSeconds(60))).isTrue();
	}

	@Test
	void countsFailuresFromOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.backoff.delay(0));
	}

}
