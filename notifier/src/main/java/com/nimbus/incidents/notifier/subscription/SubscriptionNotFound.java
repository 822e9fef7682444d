package com.nimbus.incidents.notifier.subscription;

/**
 * No such subscription, or not the caller's: the same answer for both, so ids of others
 * cannot be probed.
 */
public class SubscriptionNotFound extends RuntimeException {

	SubscriptionNotFound(String id) {
		super("No subscription " + id);
	}

}
