package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;
import java.util.Optional;

import com.nimbus.incidents.notifier.channel.Destination;

/**
 * What the engine asks of the subscriptions, and tells them.
 */
public interface SubscriptionDirectory {

	/** Where the subscription's notifications go; empty once it is deleted. */
	Optional<Destination> destination(String subscriptionId);

	/** Whether its deliveries may be sent now (not paused, not disabled, not deleted). */
	boolean active(String subscriptionId);

	/** A receiver answered 410 Gone: no more deliveries. */
	void gone(String subscriptionId, Instant at, String reason);

	/** A delivery was given up on (dead-lettered). */
	void failing(String subscriptionId, Instant since);

}
