package com.nimbus.incidents.notifier.intake;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The intake's thread is alive while its lifecycle runs: a notifier whose intake died
 * answers HTTP while no event is matched any more, so it is DOWN, naming the error, and
 * the supervisor starts it again. A poll failing (the store away) shows as the last error
 * while the thread retries.
 */
class IntakeHealthIndicator implements HealthIndicator {

	private final IntakeLoop loop;

	IntakeHealthIndicator(IntakeLoop loop) {
		this.loop = loop;
	}

	@Override
	public Health health() {
		if (!this.loop.isRunning()) {
			return Health.up().withDetail("running", false).build();
		}
		if (this.loop.alive()) {
			Health.Builder up = Health.up().withDetail("alive", true);
			String lastError = this.loop.lastError();
			return (lastError != null) ? up.withDetail("lastError", lastError).build() : up.build();
		}
		Throwable failure = this.loop.failure();
		return Health.down()
			.withDetail("alive", false)
			.withDetail("error", (failure != null) ? failure.toString() : "ended")
			.build();
	}

}
