package com.nimbus.incidents.notifier.subscription;

import java.time.Instant;

import com.nimbus.incidents.notifier.channel.ChannelKind;
import com.nimbus.incidents.notifier.channel.Destination;

/**
 * One subscription: who made it, where its notifications go and which events it wants.
 *
 * @param id its id
 * @param owner the subject of the token that created it
 * @param channel how it is told
 * @param target the URL or address
 * @param secret the webhook's signing secret; null for other channels
 * @param filter which events
 * @param name a name the owner gave it, or null
 * @param createdAt when it was created: events recorded before are not sent
 * @param paused deliveries wait while paused
 * @param disabledAt when a receiver's 410 disabled it, or null
 * @param disabledReason why it was disabled
 * @param failingSince when a delivery was last given up on, or null
 */
public record Subscription(String id, String owner, ChannelKind channel, String target, String secret, Filter filter,
		String name, Instant createdAt, boolean paused, Instant disabledAt, String disabledReason,
		Instant failingSince) {

	/** Whether the event is one this subscription is told about. */
	public boolean wants(EventFacts event) {
		return this.disabledAt == null && !event.recordedAt().isBefore(this.createdAt) && this.filter.matches(event);
	}

	/** Whether its deliveries may be sent now. */
	public boolean active() {
		return !this.paused && this.disabledAt == null;
	}

	public Destination destination() {
		return new Destination(this.id, this.channel, this.target, this.secret);
	}

	Subscription paused(boolean value) {
		return new Subscription(this.id, this.owner, this.channel, this.target, this.secret, this.filter, this.name,
				this.createdAt, value, this.disabledAt, this.disabledReason, this.failingSince);
	}

	Subscription disabled(Instant at, String reason) {
		return new Subscription(this.id, this.owner, this.channel, this.target, this.secret, this.filter, this.name,
				this.createdAt, this.paused, at, reason, this.failingSince);
	}

	Subscription failing(Instant since) {
		return new Subscription(this.id, this.owner, this.channel, this.target, this.secret, this.filter, this.name,
				this.createdAt, this.paused, this.disabledAt, this.disabledReason, since);
	}

}
