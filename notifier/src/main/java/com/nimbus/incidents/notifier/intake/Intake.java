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
 * subscriptions, and find what is to be delivered ({@link #handle}, on the polling
 * thread, from memory once the incidents and lanes are known); then store it: the events
 * once, the deliveries in their lanes, the contexts, a handful of bulk writes per poll
 * whatever its size ({@link #barrier}, on the barrier thread, ADR 34). A delivery its
 * lane has already delivered or holds (a record delivered again after a crash) is dropped
 * by {@link LaneStore#record}.
 */
class Intake {

	private static final Logger log = LoggerFactory.getLogger(Intake.class);

	private static final Set<String> IMPACT_TYPES = Set.of("ImpactReported", "ImpactEnded", "ImpactCorrected");

	private final ContextStore contexts;

	private final SubscriptionIndex subscriptions;

	private final LaneStore lanes;

	/** What the polls handed on have left to write. */
	private final PollWrites writes = new PollWrites();

	Intake(ContextStore contexts, SubscriptionIndex subscriptions, LaneStore lanes) {
		this.contexts = contexts;
		this.subscriptions = subscriptions;
		this.lanes = lanes;
	}

	/**
	 * Finds the poll's deliveries, for the engine; what is to be written waits for the
	 * next {@link #barrier} (the contexts it changed are held in memory from now on).
	 */
	List<PendingDelivery> handle(List<ConsumerRecord<String, byte[]>> records) {
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
		LaneStore.Recorded recorded = this.lanes.record(candidates);
		List<IncidentContext> contexts = List.copyOf(changed.values());
		this.contexts.hold(contexts);
		this.writes.add(recorded, contexts);
		return recorded.deliveries();
	}

	/**
	 * Writes what the polls handed on so far left (its own poll's and any after it): the
	 * events and lane appends, then the contexts they changed, then makes them durable
	 * (see {@link LaneStore#DEFERRED}); on the barrier thread, one poll's turn at a time,
	 * in order. The deliveries are sent meanwhile, and the next polls read the lanes and
	 * contexts from memory. A poll whose writes an earlier turn took has nothing left:
	 * that turn's barrier, ended before this one began, covered them.
	 * @return the deliveries written
	 */
	List<PendingDelivery> barrier() {
		PollWrites.Batch batch = this.writes.drain();
		if (batch == null) {
			return List.of();
		}
		this.lanes.beforeWrites();
		this.lanes.write(batch.fresh(), batch.ticket());
		this.contexts.save(batch.contexts());
		this.lanes.barrier();
		return batch.fresh();
	}

	/**
	 * Forgets what is held in memory after a failed poll (it may be ahead of the store).
	 */
	void forget() {
		this.writes.clear();
		this.contexts.forget();
		this.lanes.forget();
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
