package com.nimbus.incidents.projector.health;

import com.nimbus.incidents.projector.consumer.ProjectorLoop;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The projector's worker thread is alive while its lifecycle runs. Without this check a
 * projector whose loop died of an {@link Error} answers HTTP and reports Kafka and the
 * store up, while nothing is projected any more: it is DOWN, naming the thread and the
 * error, so that a supervisor restarts it.
 */
class ProjectorThreadHealthIndicator implements HealthIndicator {

	private final ProjectorLoop loop;

	ProjectorThreadHealthIndicator(ProjectorLoop loop) {
		this.loop = loop;
	}

	@Override
	public Health health() {
		if (!this.loop.isRunning()) {
			return Health.up().withDetail("thread", ProjectorLoop.THREAD).withDetail("running", false).build();
		}
		if (this.loop.workerAlive()) {
			return Health.up().withDetail("thread", ProjectorLoop.THREAD).withDetail("alive", true).build();
		}
		Throwable failure = this.loop.failure();
		return Health.down()
			.withDetail("thread", ProjectorLoop.THREAD)
			.withDetail("alive", false)
			.withDetail("error", (failure != null) ? failure.toString() : "ended")
			.build();
	}

}
