package com.nimbus.incidents.notifier.subscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subscriptions in memory, indexed for matching: by incident id (a filter naming
 * one), else by service (a filter naming services), else in the list checked for every
 * event. An event is checked against the subscriptions of its incident, of its services
 * and that list only, so 1,000 subscriptions each filtered to one of 100 services cost
 * about ten filter checks per event. Readers see an immutable snapshot; writers (the API,
 * rare) build a new one.
 */
public class SubscriptionIndex {

	private volatile Snapshot snapshot = Snapshot.of(List.of());

	public synchronized void load(Collection<Subscription> subscriptions) {
		this.snapshot = Snapshot.of(subscriptions);
	}

	public synchronized void put(Subscription subscription) {
		Map<String, Subscription> all = new LinkedHashMap<>(this.snapshot.byId);
		all.put(subscription.id(), subscription);
		this.snapshot = Snapshot.of(all.values());
	}

	public synchronized void remove(String id) {
		Map<String, Subscription> all = new LinkedHashMap<>(this.snapshot.byId);
		all.remove(id);
		this.snapshot = Snapshot.of(all.values());
	}

	public Optional<Subscription> get(String id) {
		return Optional.ofNullable(this.snapshot.byId.get(id));
	}

	public Collection<Subscription> all() {
		return this.snapshot.byId.values();
	}

	/** The subscriptions that want this event, each once. */
	public List<Subscription> matching(EventFacts event) {
		Snapshot current = this.snapshot;
		Map<String, Subscription> found = new LinkedHashMap<>();
		consider(current.byIncident.get(event.incidentId()), event, found);
		for (String service : event.services()) {
			consider(current.byService.get(service), event, found);
		}
		consider(current.rest, event, found);
		return List.copyOf(found.values());
	}

	private static void consider(List<Subscription> candidates, EventFacts event, Map<String, Subscription> found) {
		if (candidates == null) {
			return;
		}
		for (Subscription candidate : candidates) {
			if (!found.containsKey(candidate.id()) && candidate.wants(event)) {
				found.put(candidate.id(), candidate);
			}
		}
	}

	private record Snapshot(Map<String, Subscription> byId, Map<String, List<Subscription>> byIncident,
			Map<String, List<Subscription>> byService, List<Subscription> rest) {

		static Snapshot of(Collection<Subscription> subscriptions) {
			Map<String, Subscription> byId = new LinkedHashMap<>();
			Map<String, List<Subscription>> byIncident = new HashMap<>();
			Map<String, List<Subscription>> byService = new HashMap<>();
			List<Subscription> rest = new ArrayList<>();
			for (Subscription subscription : subscriptions) {
				byId.put(subscription.id(), subscription);
				Filter filter = subscription.filter();
				if (filter.incidentId() != null) {
					byIncident.computeIfAbsent(filter.incidentId(), (key) -> new ArrayList<>()).add(subscription);
				}
				else if (!filter.services().isEmpty()) {
					for (String service : filter.services()) {
						byService.computeIfAbsent(service, (key) -> new ArrayList<>()).add(subscription);
					}
				}
				else {
					rest.add(subscription);
				}
			}
			return new Snapshot(Collections.unmodifiableMap(byId), byIncident, byService, List.copyOf(rest));
		}

	}

}
