package com.nimbus.incidents.notifier.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.notifier.delivery.LaneStore;
import com.nimbus.incidents.notifier.delivery.PendingDelivery;

/**
 * What the polls handed on have left to write, gathered until a barrier thread's turn
 * takes it all (ADR 34): the deliveries new to their lanes, in poll order, and the latest
 * context of each incident changed. A turn that finds nothing was covered by the turn
 * before it, whose barrier has ended. Shared by the polling thread and the barrier's.
 */
final class PollWrites {

	/** Everything gathered, for one round of writes. */
	record Batch(List<PendingDelivery> fresh, long ticket, List<IncidentContext> contexts) {
	}

	private List<PendingDelivery> fresh = new ArrayList<>();

	private long ticket = -1;

	private Map<String, IncidentContext> contexts = new LinkedHashMap<>();

	synchronized void add(LaneStore.Recorded recorded, Collection<IncidentContext> changed) {
		this.fresh.addAll(recorded.fresh());
		this.ticket = Math.max(this.ticket, recorded.ticket());
		changed.forEach((context) -> this.contexts.put(context.id(), context));
	}

	/** Takes everything gathered; null when there is nothing. */
	synchronized Batch drain() {
		if (this.ticket < 0 && this.contexts.isEmpty()) {
			return null;
		}
		Batch batch = new Batch(this.fresh, this.ticket, List.copyOf(this.contexts.values()));
		this.fresh = new ArrayList<>();
		this.ticket = -1;
		this.contexts = new LinkedHashMap<>();
		return batch;
	}

	/** Forgets what was gathered: the polls it came from are read again. */
	synchronized void clear() {
		drain();
	}

}
