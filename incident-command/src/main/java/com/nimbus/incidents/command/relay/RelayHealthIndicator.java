package com.nimbus.incidents.command.relay;

import java.util.Map;

import com.nimbus.incidents.support.health.KafkaHealthIndicator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The relay's own health: DOWN when its worker has died (events would no longer reach
 * Kafka) or the event store has diverged from the topics; DEGRADED while batches sit
 * among the dead letters or the store has not yet been checked against the topics (Kafka
 * away since the start).
 */
class RelayHealthIndicator implements HealthIndicator {

	private final EventRelay relay;

	private final DivergenceGuard guard;

	private final PublishedLog published;

	RelayHealthIndicator(EventRelay relay, DivergenceGuard guard, PublishedLog published) {
		this.relay = relay;
		this.guard = guard;
		this.published = published;
	}

	@Override
	public Health health() {
		Throwable died = this.relay.died();
		Map<String, String> diverged = this.guard.diverged();
		Health.Builder health;
		if (died != null) {
			health = Health.down().withDetail("worker", "died: " + died);
		}
		else if (!diverged.isEmpty()) {
			health = Health.down().withDetail("diverged", diverged);
		}
		else if (this.relay.deadLettered() > 0 || !this.guard.verifiedOnce()) {
			health = Health.status(KafkaHealthIndicator.DEGRADED);
		}
		else {
			health = Health.up();
		}
		return health.withDetail("backlog", this.relay.backlog())
			.withDetail("delivered", this.relay.delivered())
			.withDetail("deadLetters", this.relay.deadLettered())
			.withDetail("storeCheckedAgainstTopics", this.guard.verifiedOnce())
			.withDetail("aggregatesSeenOnTopics", this.published.size())
			.build();
	}

}
