package com.nimbus.incidents.notifier.subscription;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nimbus.incidents.notifier.channel.ChannelKind;
import com.nimbus.incidents.notifier.channel.Destination;
import com.nimbus.incidents.notifier.channel.TargetPolicy;
import com.nimbus.incidents.notifier.delivery.SubscriptionDirectory;

/**
 * The subscriptions: the store is the record, the {@link SubscriptionIndex} its copy in
 * memory (loaded at start, updated on every write through here). Refusals change nothing:
 * a request is checked whole before anything is stored.
 */
public class Subscriptions implements SubscriptionDirectory {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SubscriptionStore store;

	private final SubscriptionIndex index;

	private final TargetPolicy targets;

	private final Clock clock;

	public Subscriptions(SubscriptionStore store, SubscriptionIndex index, TargetPolicy targets, Clock clock) {
		this.store = store;
		this.index = index;
		this.targets = targets;
		this.clock = clock;
		index.load(store.all());
	}

	Subscription create(Caller caller, NewSubscription request) {
		this.targets.refusal(request.channel(), request.target()).ifPresent((reason) -> {
			throw InvalidSubscription.refused("target", reason);
		});
		String secret = (request.channel() == ChannelKind.WEBHOOK) ? secret() : null;
		Subscription subscription = new Subscription(UUID.randomUUID().toString(), caller.subject(), request.channel(),
				request.target(), secret, request.filter(), request.name(), this.clock.instant(), false, null, null,
				null);
		this.store.insert(subscription);
		this.index.put(subscription);
		return subscription;
	}

	List<Subscription> list(Caller caller) {
		return this.index.all()
			.stream()
			.filter(caller::owns)
			.sorted(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id))
			.toList();
	}

	/** The subscription, when the caller may see it. */
	public Subscription get(Caller caller, String id) {
		return this.index.get(id).filter(caller::owns).orElseThrow(() -> new SubscriptionNotFound(id));
	}

	Subscription delete(Caller caller, String id) {
		Subscription subscription = get(caller, id);
		this.store.delete(id);
		this.index.remove(id);
		return subscription;
	}

	Subscription pause(Caller caller, String id, boolean paused) {
		Subscription subscription = get(caller, id);
		this.store.setPaused(id, paused);
		Subscription changed = subscription.paused(paused);
		this.index.put(changed);
		return changed;
	}

	@Override
	public Optional<Destination> destination(String subscriptionId) {
		return this.index.get(subscriptionId).map(Subscription::destination);
	}

	@Override
	public boolean active(String subscriptionId) {
		return this.index.get(subscriptionId).map(Subscription::active).orElse(false);
	}

	@Override
	public void gone(String subscriptionId, Instant at, String reason) {
		this.index.get(subscriptionId).ifPresent((subscription) -> {
			this.store.setDisabled(subscriptionId, at, reason);
			this.index.put(subscription.disabled(at, reason));
		});
	}

	@Override
	public void failing(String subscriptionId, Instant since) {
		this.index.get(subscriptionId).ifPresent((subscription) -> {
			if (subscription.failingSince() == null) {
				this.store.setFailingSince(subscriptionId, since);
				this.index.put(subscription.failing(since));
			}
		});
	}

	private static String secret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
