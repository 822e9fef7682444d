package com.nimbus.incidents.notifier.subscription;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.nimbus.incidents.notifier.delivery.LaneStore.LaneState;

/**
 * A subscription as the API shows it (never its secret), with its delivery state when one
 * is asked for by id.
 *
 * @param subscriptionId its id
 * @param name its name, or null
 * @param channel WEBHOOK, SLACK or EMAIL
 * @param target URL or address
 * @param filter which events
 * @param owner who created it
 * @param createdAt when
 * @param paused whether deliveries wait
 * @param disabledAt when a 410 disabled it
 * @param disabledReason why
 * @param failing when a delivery was last given up on
 * @param delivery per incident: last delivered sequence, pending, next attempt
 * @param nextAttemptAt the earliest retry waiting, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubscriptionView(String subscriptionId, String name, String channel, String target, Filter filter, String owner,
		Instant createdAt, boolean paused, Instant disabledAt, String disabledReason, Instant failing,
		List<LaneState> delivery, Instant nextAttemptAt) {

	static SubscriptionView of(Subscription subscription) {
		return of(subscription, null);
	}

	static SubscriptionView of(Subscription subscription, List<LaneState> lanes) {
		Instant next = (lanes == null) ? null
				: lanes.stream()
					.map(LaneState::nextAttemptAt)
					.filter((at) -> at != null)
					.min(Instant::compareTo)
					.orElse(null);
		return new SubscriptionView(subscription.id(), subscription.name(), subscription.channel().name(),
				subscription.target(), subscription.filter(), subscription.owner(), subscription.createdAt(),
				subscription.paused(), subscription.disabledAt(), subscription.disabledReason(),
				subscription.failingSince(), lanes, next);
	}

}
