package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome;

/**
 * What an attempt's outcome did to its lane, to be stored.
 *
 * @param kind delivered, to be retried, given up on, or the subscription gone
 * @param delivery the delivery attempted
 * @param outcome what the channel said
 * @param at when the outcome came
 * @param attempt which attempt of this delivery it was (from 1)
 * @param firstAttemptAt first attempt of the lane's head (null once it moved on)
 * @param nextAttemptAt when the head is tried again (null unless retrying)
 */
record Settled(Kind kind, PendingDelivery delivery, DeliveryOutcome outcome, Instant at, int attempt,
		Instant firstAttemptAt, Instant nextAttemptAt) {

	enum Kind {

		DELIVERED, RETRYING, DEAD_LETTER, GONE,

		/**
		 * The subscription was deleted while the send was under way: nothing to store.
		 */
		FORGOTTEN

	}

	/** Whether the lane moved past the delivery. */
	boolean movedOn() {
		return this.kind == Kind.DELIVERED || this.kind == Kind.DEAD_LETTER;
	}

}
