package com.nimbus.incidents.notifier.subscription;

/**
 * Who calls the API: the token's subject, and whether it holds ADMIN (which sees and
 * manages every subscription).
 */
public record Caller(String subject, boolean admin) {

	boolean owns(Subscription subscription) {
		return this.admin || this.subject.equals(subscription.owner());
	}

}
