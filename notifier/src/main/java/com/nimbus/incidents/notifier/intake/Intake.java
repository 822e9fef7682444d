package com.nimbus.incidents.notifier.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.notifier.channel.IncidentSnapshot;
import com.nimbus.incidents.notifier.delivery.LaneStore;
import com.nimbus.incidents.notifier.delivery.PendingDelivery;
import com.nimbus.incidents.notifier.delivery.StoredEvent;
import com.nimbus.incidents.notifier.subscription.EventFacts;
import com.nimbus.incidents.notifier.subscription.Subscription;
import com.nimbus.incidents.notifier.subscription.SubscriptionIndex;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll's events: fold each incident's context, match each event against the
 * subscriptions, and store what is to be delivered: the events once, the deliveries in
 * their lanes, the contexts; a handful of bulk writes per poll, whatever its size. A
 * delivery its lane has already delivered or holds (a record delivered again after a
 * crash) is dropped by {@link LaneStore#record}.
 */
class Intake {

	private static final Logger log = LoggerFactory.getLogger(Intake.class);

	private static final Set<String> IMPACT_TYPES = Set.of("ImpactReported", "ImpactEnded", "ImpactCorrected");

	private final ContextStore contexts;

	private final SubscriptionIndex subscriptions;

	private final LaneStore lanes;

	/**
	 * A poll stored: its deliveries, for the engine, and the contexts it changed, for its
	 * {@link Intake#barrier}.
	 */
	record Handled(List<PendingDelivery> deliveries, List<IncidentContext> contexts) {
	}

	Intake(ContextStore contexts, SubscriptionIndex subscriptions, LaneStore lanes) {
		this.contexts = contexts;
		this.subscriptions = subscriptions;
		this.lanes = lanes;
	}

	/**
	 * Stores the poll's deliveries and returns them, with the contexts it changed (held
	 * in memory from now on, saved by the poll's {@link #barrier}).
	 */
	Handled handle(List<ConsumerRecord<String, byte[]>> records) {
		this.lanes.beforeWrites();
		List<IncomingEvent> events = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				events.add(IncomingEvent.read(record.value()));
			}
			catch (IllegalArgumentException ex) {
				log.warn("Skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
						ex.getMessage());
			}
		}
		Set<String> incidentIds = new LinkedHashSet<>();
		events.forEach((event) -> incidentIds.add(event.incidentId()));
		Map<String, IncidentContext> known = this.contexts.load(incidentIds);
		Map<String, IncidentContext> changed = new LinkedHashMap<>();
		List<PendingDelivery> candidates = new ArrayList<>();
		for (IncomingEvent event : events) {
			IncidentContext before = known.getOrDefault(event.incidentId(),
					IncidentContext.unknown(event.incidentId()));
			IncidentContext after = ContextFold.apply(before, event);
			if (after != before) {
				known.put(after.id(), after);
				changed.put(after.id(), after);
			}
			List<Subscription> matching = this.subscriptions.matching(facts(event, after));
			if (!matching.isEmpty()) {
				StoredEvent stored = new StoredEvent(event.eventId(), event.incidentId(), event.sequence(),
						event.type(), event.occurredAt(), event.recordedAt(), event.envelope(), new IncidentSnapshot(
								after.id(), after.title(), after.severity(), after.status(), event.sequence()));
				matching
					.forEach((subscription) -> candidates.add(new PendingDelivery(subscription.id(), stored, false)));
			}
		}
		List<PendingDelivery> deliveries = this.lanes.record(candidates);
		List<IncidentContext> contexts = List.copyOf(changed.values());
		this.contexts.hold(contexts);
		return new Handled(deliveries, contexts);
	}

	/**
	 * Saves the contexts a poll changed, then makes the poll's writes durable (see
	 * {@link LaneStore#DEFERRED}), on the barrier thread. The contexts wait for this: the
	 * deliveries are sent meanwhile, and the next polls read them from memory.
	 */
	void barrier(List<IncidentContext> changed) {
		this.contexts.save(changed);
		this.lanes.barrier();
	}

	/** Forgets what is held in memory after a failed poll. */
	void forget() {
		this.contexts.forget();
	}

	static EventFacts facts(IncomingEvent event, IncidentContext context) {
		boolean publicChange = IMPACT_TYPES.contains(event.type())
				|| ("StatusUpdatePosted".equals(event.type()) && event.payload().path("public").asBoolean(false));
		return new EventFacts(event.incidentId(), event.type(), event.recordedAt(), context.services(),
				context.regions(), severity(context.severity()), publicChange);
	}

	private static Severity severity(String name) {
		if (name == null) {
			return null;
		}
		try {
			return Severity.valueOf(name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
