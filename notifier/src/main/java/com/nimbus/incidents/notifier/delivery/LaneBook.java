package com.nimbus.incidents.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome;

/**
 * The engine's bookkeeping, pure and single-threaded (no clock, no I/O: times come in):
 * <ul>
 * <li>a lane (subscription and incident) sends its head only, and the next event only
 * once the head is delivered or dead-lettered: strictly in order;</li>
 * <li>a subscription has at most {@code maxInFlight} sends under way; a lane beyond that
 * waits in its subscription's queue, so a slow receiver holds its own lanes only;</li>
 * <li>a failed attempt is retried after {@link Backoff}; past {@code giveUpAfter} from
 * the head's first attempt it is dead-lettered and the lane moves on;</li>
 * <li>lanes of a subscription that is not active (paused, disabled) stay parked until
 * {@link #wake}.</li>
 * </ul>
 */
final class LaneBook {

	private static final int RECENT_LANES = 100_000;

	private final int maxInFlight;

	private final Backoff backoff;

	private final Duration giveUpAfter;

	private final Map<String, Lane> lanes = new HashMap<>();

	private final Map<String, Subscriber> subscribers = new HashMap<>();

	private final ArrayDeque<Lane> ready = new ArrayDeque<>();

	private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparing(Timer::at));

	/**
	 * The sequence each recently drained lane moved past, so that a delivery handed in
	 * again before its progress is stored (a poll read twice) is not sent twice.
	 */
	private final Map<String, Long> movedPast = new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > RECENT_LANES;
		}
	};

	LaneBook(int maxInFlight, Backoff backoff, Duration giveUpAfter) {
		this.maxInFlight = maxInFlight;
		this.backoff = backoff;
		this.giveUpAfter = giveUpAfter;
	}

	/**
	 * Appends a delivery to its lane (the engine hands them in sequence order); one the
	 * lane already holds (same event, same replay flag) is ignored. Returns whether it
	 * was added.
	 */
	boolean add(PendingDelivery delivery) {
		Long past = this.movedPast.get(delivery.laneId());
		if (!delivery.replay() && past != null && delivery.event().sequence() <= past) {
			return false;
		}
		Lane lane = this.lanes.computeIfAbsent(delivery.laneId(), (id) -> new Lane(id, delivery.subscriptionId()));
		if (!lane.keys.add(key(delivery))) {
			return false;
		}
		lane.queue.add(delivery);
		subscriber(lane.subscriptionId).lanes.add(lane.id);
		if (lane.queue.size() == 1 && !lane.inFlight && lane.nextAttemptAt == null) {
			markReady(lane);
		}
		return true;
	}

	/**
	 * A lane as stored: its pending deliveries in order and its head's retry state.
	 */
	void restore(List<PendingDelivery> pending, int attempts, Instant firstAttemptAt, Instant nextAttemptAt) {
		if (pending.isEmpty()) {
			return;
		}
		pending.forEach(this::add);
		Lane lane = this.lanes.get(pending.get(0).laneId());
		lane.attempts = attempts;
		lane.firstAttemptAt = firstAttemptAt;
		if (nextAttemptAt != null) {
			this.ready.remove(lane);
			lane.queued = false;
			lane.nextAttemptAt = nextAttemptAt;
			this.timers.add(new Timer(nextAttemptAt, lane, lane.generation));
		}
	}

	/**
	 * The sends to start now: heads of ready lanes whose subscription is active and has
	 * room. The caller must report each one's outcome through {@link #settle}.
	 */
	List<PendingDelivery> due(Instant now, Predicate<String> active) {
		while (!this.timers.isEmpty() && !this.timers.peek().at().isAfter(now)) {
			Timer timer = this.timers.poll();
			Lane lane = timer.lane();
			if (timer.generation() == lane.generation && lane.nextAttemptAt != null
					&& this.lanes.get(lane.id) == lane) {
				lane.nextAttemptAt = null;
				markReady(lane);
			}
		}
		List<PendingDelivery> sends = new ArrayList<>();
		int waiting = this.ready.size();
		for (int i = 0; i < waiting; i++) {
			Lane lane = this.ready.poll();
			lane.queued = false;
			if (lane.queue.isEmpty() || lane.inFlight || this.lanes.get(lane.id) != lane) {
				continue;
			}
			Subscriber subscriber = subscriber(lane.subscriptionId);
			if (!active.test(lane.subscriptionId)) {
				subscriber.parked.add(lane);
			}
			else if (subscriber.inFlight >= this.maxInFlight) {
				subscriber.waiting.add(lane);
			}
			else {
				lane.inFlight = true;
				subscriber.inFlight++;
				if (lane.firstAttemptAt == null) {
					lane.firstAttemptAt = now;
				}
				sends.add(lane.queue.peek());
			}
		}
		return sends;
	}

	/**
	 * The outcome of a send {@link #due} started.
	 */
	Settled settle(PendingDelivery delivery, DeliveryOutcome outcome, Instant now) {
		Lane lane = this.lanes.get(delivery.laneId());
		Subscriber subscriber = subscriber(delivery.subscriptionId());
		subscriber.inFlight = Math.max(0, subscriber.inFlight - 1);
		Lane next = subscriber.waiting.poll();
		if (next != null) {
			markReady(next);
		}
		if (lane == null || lane.queue.peek() != delivery) {
			// the subscription was forgotten meanwhile
			return new Settled(Settled.Kind.FORGOTTEN, delivery, outcome, now, 1, null, null);
		}
		lane.inFlight = false;
		lane.attempts++;
		Instant first = (lane.firstAttemptAt != null) ? lane.firstAttemptAt : now;
		switch (outcome.result()) {
			case DELIVERED -> {
				return moveOn(lane, Settled.Kind.DELIVERED, outcome, now);
			}
			case GONE -> {
				return new Settled(Settled.Kind.GONE, delivery, outcome, now, lane.attempts, first, null);
			}
			default -> {
				if (!now.isBefore(first.plus(this.giveUpAfter))) {
					return moveOn(lane, Settled.Kind.DEAD_LETTER, outcome, now);
				}
				Instant retryAt = now.plus(this.backoff.delay(lane.attempts));
				lane.nextAttemptAt = retryAt;
				lane.generation++;
				this.timers.add(new Timer(retryAt, lane, lane.generation));
				return new Settled(Settled.Kind.RETRYING, delivery, outcome, now, lane.attempts, first, retryAt);
			}
		}
	}

	private Settled moveOn(Lane lane, Settled.Kind kind, DeliveryOutcome outcome, Instant now) {
		PendingDelivery head = lane.queue.poll();
		lane.keys.remove(key(head));
		if (!head.replay()) {
			this.movedPast.merge(lane.id, head.event().sequence(), Math::max);
		}
		int attempt = lane.attempts;
		lane.attempts = 0;
		lane.firstAttemptAt = null;
		lane.nextAttemptAt = null;
		if (lane.queue.isEmpty()) {
			this.lanes.remove(lane.id);
			Subscriber subscriber = this.subscribers.get(lane.subscriptionId);
			if (subscriber != null) {
				subscriber.lanes.remove(lane.id);
			}
		}
		else {
			markReady(lane);
		}
		return new Settled(kind, head, outcome, now, attempt, null, null);
	}

	/** The subscription may be active again (resumed): its parked lanes are ready. */
	void wake(String subscriptionId) {
		Subscriber subscriber = this.subscribers.get(subscriptionId);
		if (subscriber != null) {
			Lane lane;
			while ((lane = subscriber.parked.poll()) != null) {
				markReady(lane);
			}
		}
	}

	/** Drops everything of a subscription (deleted, or gone). */
	void forget(String subscriptionId) {
		Subscriber subscriber = this.subscribers.remove(subscriptionId);
		if (subscriber != null) {
			subscriber.lanes.forEach(this.lanes::remove);
		}
	}

	/** When the earliest retry is due; empty when none waits. */
	Optional<Instant> nextTimer() {
		return Optional.ofNullable(this.timers.peek()).map(Timer::at);
	}

	boolean hasReady() {
		return !this.ready.isEmpty();
	}

	int pendingCount() {
		return this.lanes.values().stream().mapToInt((lane) -> lane.queue.size()).sum();
	}

	private void markReady(Lane lane) {
		if (!lane.queued) {
			lane.queued = true;
			this.ready.add(lane);
		}
	}

	private Subscriber subscriber(String subscriptionId) {
		return this.subscribers.computeIfAbsent(subscriptionId, (id) -> new Subscriber());
	}

	private static String key(PendingDelivery delivery) {
		return LaneWrites.key(delivery);
	}

	private static final class Lane {

		final String id;

		final String subscriptionId;

		final ArrayDeque<PendingDelivery> queue = new ArrayDeque<>();

		final Set<String> keys = new LinkedHashSet<>();

		boolean inFlight;

		boolean queued;

		int attempts;

		Instant firstAttemptAt;

		Instant nextAttemptAt;

		long generation;

		Lane(String id, String subscriptionId) {
			this.id = id;
			this.subscriptionId = subscriptionId;
		}

	}

	private static final class Subscriber {

		final Set<String> lanes = new LinkedHashSet<>();

		final ArrayDeque<Lane> waiting = new ArrayDeque<>();

		final ArrayDeque<Lane> parked = new ArrayDeque<>();

		int inFlight;

	}

	private record Timer(Instant at, Lane lane, long generation) {
	}

}
