package com.nimbus.incidents.notifier.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the intake knows of its lanes, ahead of the store (ADR 34): per lane, the sequence
 * delivered up to and the events pending (replays aside), as the store holds them once
 * the writes already handed on are written. A lane is read from the store once (after a
 * start, or after a failed poll made the intake {@link #forget}), then kept by the
 * intake's appends and the engine's outcomes, so that a poll's check that its deliveries
 * are new costs no round trip. The least recently used lanes beyond {@value #HELD} are
 * read again when next needed. Shared by the intake's thread and the engine's.
 */
final class LaneMarks {

	static final int HELD = 20_000;

	/** A lane as held: mutable, under this object's lock. */
	private static final class Mark {

		private long lastDelivered;

		private final Set<String> pending;

		Mark(long lastDelivered, Set<String> pending) {
			this.lastDelivered = lastDelivered;
			this.pending = new HashSet<>(pending);
		}

		LaneStore.LaneMark snapshot() {
			return new LaneStore.LaneMark(this.lastDelivered, Set.copyOf(this.pending));
		}

	}

	private final Map<String, Mark> held = new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Mark> eldest) {
			return size() > HELD;
		}
	};

	/** The marks held of these lanes; those not held are absent. */
	synchronized Map<String, LaneStore.LaneMark> known(Collection<String> laneIds) {
		Map<String, LaneStore.LaneMark> known = new HashMap<>();
		for (String laneId : laneIds) {
			Mark mark = this.held.get(laneId);
			if (mark != null) {
				known.put(laneId, mark.snapshot());
			}
		}
		return known;
	}

	/**
	 * What the store said of lanes not held: {@code read} has those it holds, the others
	 * of {@code asked} are new lanes.
	 */
	synchronized void learned(Collection<String> asked, Map<String, LaneStore.LaneMark> read) {
		for (String laneId : asked) {
			LaneStore.LaneMark mark = read.get(laneId);
			this.held.putIfAbsent(laneId, (mark != null)
					? new Mark(mark.lastDeliveredSequence(), mark.pendingEventIds()) : new Mark(-1, Set.of()));
		}
	}

	/** Deliveries appended to their lanes (the write may follow). */
	synchronized void appended(List<PendingDelivery> deliveries) {
		for (PendingDelivery delivery : deliveries) {
			if (!delivery.replay()) {
				this.held.computeIfAbsent(delivery.laneId(), (id) -> new Mark(-1, Set.of())).pending
					.add(delivery.event().eventId());
			}
		}
	}

	/** An outcome (its write may follow): a lane that moved past a delivery. */
	synchronized void settled(Settled settled) {
		PendingDelivery delivery = settled.delivery();
		Mark mark = this.held.get(delivery.laneId());
		if (mark == null || !settled.movedOn() || delivery.replay()) {
			return;
		}
		mark.pending.remove(delivery.event().eventId());
		mark.lastDelivered = Math.max(mark.lastDelivered, delivery.event().sequence());
	}

	/** Forgets every lane: the store is read again (after a failed poll). */
	synchronized void forget() {
		this.held.clear();
	}

	/** Forgets a deleted subscription's lanes. */
	synchronized void forgetSubscription(String subscriptionId) {
		this.held.keySet().removeIf((laneId) -> laneId.startsWith(subscriptionId + "|"));
	}

}
