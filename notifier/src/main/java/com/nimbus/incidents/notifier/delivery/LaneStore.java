package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.notifier.channel.IncidentSnapshot;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The delivery state, stored; this class alone knows its shape (see ADR 19).
 * <ul>
 * <li>{@code notifier_events}: an event some subscription wanted, once, by {@code _id}
 * (the event id), with the subscriptions that matched it ({@code matched}) for
 * replays;</li>
 * <li>{@code notifier_lanes}: one document per subscription and incident, {@code _id}
 * {@code subscriptionId|incidentId}: {@code lastDeliveredSequence}, the pending
 * deliveries in order ({@code pending: [{eventId, sequence, replay}]}) and the head's
 * retry state.</li>
 * </ul>
 */
public class LaneStore {

	static final String LANES = "notifier_lanes";

	static final String EVENTS = "notifier_events";

	private final MongoTemplate mongo;

	public LaneStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	private MongoCollection<Document> lanes() {
		return this.mongo.getCollection(LANES);
	}

	private MongoCollection<Document> events() {
		return this.mongo.getCollection(EVENTS);
	}

	/**
	 * The one index beyond {@code _id}: events by subscription and time, for replays (a
	 * real MongoDB uses it; the embedded store scans, see ADR 19).
	 */
	public void ensureIndexes() {
		events().createIndex(Indexes.ascending("matched", "recordedAt"));
	}

	/** What the store knows of these lanes: delivered up to, and the events pending. */
	public Map<String, LaneMark> marks(Collection<String> laneIds) {
		Map<String, LaneMark> marks = new HashMap<>();
		if (laneIds.isEmpty()) {
			return marks;
		}
		for (Document lane : lanes().find(Filters.in("_id", laneIds))
			.projection(new Document("lastDeliveredSequence", 1).append("pending.eventId", 1))) {
			Set<String> pending = new HashSet<>();
			for (Document entry : lane.getList("pending", Document.class, List.of())) {
				pending.add(entry.getString("eventId"));
			}
			marks.put(lane.getString("_id"), new LaneMark(number(lane, "lastDeliveredSequence", -1), pending));
		}
		return marks;
	}

	/**
	 * Stores the events and appends the deliveries to their lanes, once: a delivery whose
	 * lane has delivered (or given up on) its sequence, or holds its event, is dropped (a
	 * record read again after a crash or a failed poll). The lanes are read in one
	 * {@code _id $in}, the events and the lanes written in one bulk write each, every
	 * write by {@code _id} alone (the only filter the embedded store answers from its
	 * index). Correct while one instance records into a lane: the engine only removes
	 * what it was handed, so nothing it does between the read and the write can make a
	 * delivery new again. Returns the deliveries appended, in order.
	 */
	public List<PendingDelivery> record(List<PendingDelivery> candidates) {
		Set<String> laneIds = new LinkedHashSet<>();
		candidates.forEach((candidate) -> laneIds.add(candidate.laneId()));
		Map<String, LaneMark> marks = marks(laneIds);
		Set<String> seen = new HashSet<>();
		List<PendingDelivery> fresh = new ArrayList<>();
		Map<String, StoredEvent> events = new LinkedHashMap<>();
		Map<String, Set<String>> matchedBy = new LinkedHashMap<>();
		for (PendingDelivery candidate : candidates) {
			LaneMark mark = marks.get(candidate.laneId());
			StoredEvent event = candidate.event();
			boolean known = mark != null && (event.sequence() <= mark.lastDeliveredSequence()
					|| mark.pendingEventIds().contains(event.eventId()));
			if (!known && seen.add(candidate.laneId() + "/" + event.eventId())) {
				fresh.add(candidate);
				events.putIfAbsent(event.eventId(), event);
				matchedBy.computeIfAbsent(event.eventId(), (id) -> new LinkedHashSet<>())
					.add(candidate.subscriptionId());
			}
		}
		if (fresh.isEmpty()) {
			return fresh;
		}
		List<WriteModel<Document>> eventWrites = new ArrayList<>();
		for (StoredEvent event : events.values()) {
			eventWrites.add(new UpdateOneModel<>(Filters.eq("_id", event.eventId()),
					Updates.combine(Updates.setOnInsert(encode(event)),
							Updates.addEachToSet("matched", List.copyOf(matchedBy.get(event.eventId())))),
					new UpdateOptions().upsert(true)));
		}
		events().bulkWrite(eventWrites, new BulkWriteOptions().ordered(false));
		List<WriteModel<Document>> laneWrites = new ArrayList<>();
		for (PendingDelivery delivery : fresh) {
			laneWrites.add(append(delivery));
		}
		lanes().bulkWrite(laneWrites, new BulkWriteOptions().ordered(true));
		return fresh;
	}

	/** Appends replayed deliveries to their lanes (after whatever is pending there). */
	public void recordReplays(List<PendingDelivery> deliveries) {
		List<WriteModel<Document>> writes = new ArrayList<>();
		for (PendingDelivery delivery : deliveries) {
			writes.add(append(delivery));
		}
		if (!writes.isEmpty()) {
			lanes().bulkWrite(writes, new BulkWriteOptions().ordered(true));
		}
	}

	/** Stores what outcomes did to their lanes, in the order they came. */
	void apply(List<Settled> outcomes) {
		List<WriteModel<Document>> writes = new ArrayList<>();
		for (Settled settled : outcomes) {
			PendingDelivery delivery = settled.delivery();
			Bson lane = Filters.eq("_id", delivery.laneId());
			switch (settled.kind()) {
				case DELIVERED, DEAD_LETTER -> {
					List<Bson> updates = new ArrayList<>(List.of(
							Updates.pull("pending",
									new Document("eventId", delivery.event().eventId()).append("replay",
											delivery.replay())),
							Updates.set("lastOutcomeAt", Date.from(settled.at())), Updates.unset("attempts"),
							Updates.unset("firstAttemptAt"), Updates.unset("nextAttemptAt")));
					if (!delivery.replay()) {
						updates.add(Updates.max("lastDeliveredSequence", delivery.event().sequence()));
					}
					writes.add(new UpdateOneModel<>(lane, Updates.combine(updates)));
				}
				case RETRYING,
						GONE ->
					writes.add(new UpdateOneModel<>(lane,
							Updates.combine(Updates.set("attempts", settled.attempt()),
									Updates.set("firstAttemptAt", date(settled.firstAttemptAt())),
									Updates.set("nextAttemptAt", date(settled.nextAttemptAt())),
									Updates.set("lastOutcomeAt", Date.from(settled.at())))));
				case FORGOTTEN -> {
				}
			}
		}
		if (!writes.isEmpty()) {
			lanes().bulkWrite(writes, new BulkWriteOptions().ordered(true));
		}
	}

	/**
	 * Every lane with deliveries pending, as the engine resumes them after a start: lanes
	 * with an empty {@code pending} are not read.
	 */
	List<RestoredLane> pendingLanes() {
		List<Document> stored = new ArrayList<>();
		Set<String> eventIds = new HashSet<>();
		for (Document lane : lanes().find(Filters.exists("pending.0"))) {
			stored.add(lane);
			lane.getList("pending", Document.class).forEach((entry) -> eventIds.add(entry.getString("eventId")));
		}
		Map<String, StoredEvent> events = events(eventIds);
		List<RestoredLane> restored = new ArrayList<>();
		for (Document lane : stored) {
			List<PendingDelivery> pending = new ArrayList<>();
			for (Document entry : lane.getList("pending", Document.class)) {
				StoredEvent event = events.get(entry.getString("eventId"));
				if (event != null) {
					pending.add(new PendingDelivery(lane.getString("subscriptionId"), event,
							entry.getBoolean("replay", false)));
				}
			}
			restored.add(new RestoredLane(pending, number(lane, "attempts", 0L).intValue(),
					instant(lane, "firstAttemptAt"), instant(lane, "nextAttemptAt")));
		}
		return restored;
	}

	/** The events of these ids that are stored. */
	Map<String, StoredEvent> events(Collection<String> eventIds) {
		Map<String, StoredEvent> events = new HashMap<>();
		if (!eventIds.isEmpty()) {
			for (Document event : events().find(Filters.in("_id", eventIds))) {
				events.put(event.getString("_id"), decode(event));
			}
		}
		return events;
	}

	/** A subscription's lanes: a range of {@code _id}s, those starting with its id. */
	public List<LaneState> lanesOf(String subscriptionId) {
		List<LaneState> states = new ArrayList<>();
		Bson range = Filters.regex("_id", "^" + Pattern.quote(subscriptionId + "|"));
		for (Document lane : lanes().find(range).sort(Sorts.ascending("_id"))) {
			states.add(new LaneState(lane.getString("incidentId"), number(lane, "lastDeliveredSequence", -1L),
					lane.getList("pending", Document.class, List.of()).size(), number(lane, "attempts", 0L).intValue(),
					instant(lane, "nextAttemptAt")));
		}
		return states;
	}

	/** The events a subscription matched, recorded at or after {@code from}, in order. */
	public List<StoredEvent> matchedSince(String subscriptionId, Instant from) {
		List<StoredEvent> events = new ArrayList<>();
		for (Document event : events()
			.find(Filters.and(Filters.eq("matched", subscriptionId), Filters.gte("recordedAt", Date.from(from))))
			.sort(Sorts.ascending("incidentId", "sequence"))) {
			events.add(decode(event));
		}
		return events;
	}

	/** Forgets a deleted subscription's lanes. */
	public void deleteLanesOf(String subscriptionId) {
		lanes().deleteMany(Filters.regex("_id", "^" + Pattern.quote(subscriptionId + "|")));
	}

	private static UpdateOneModel<Document> append(PendingDelivery delivery) {
		return new UpdateOneModel<>(Filters.eq("_id", delivery.laneId()),
				Updates.combine(Updates.setOnInsert(new Document("subscriptionId", delivery.subscriptionId())
					.append("incidentId", delivery.event().incidentId())
					.append("lastDeliveredSequence", -1L)), Updates.push("pending", entry(delivery))),
				new UpdateOptions().upsert(true));
	}

	private static Document entry(PendingDelivery delivery) {
		return new Document("eventId", delivery.event().eventId()).append("sequence", delivery.event().sequence())
			.append("replay", delivery.replay());
	}

	static Document encode(StoredEvent event) {
		IncidentSnapshot incident = event.incident();
		return new Document("incidentId", event.incidentId()).append("sequence", event.sequence())
			.append("type", event.type())
			.append("occurredAt", Date.from(event.occurredAt()))
			.append("recordedAt", Date.from(event.recordedAt()))
			.append("envelope", event.envelope())
			.append("incident",
					new Document("title", incident.title()).append("severity", incident.severity())
						.append("status", incident.status())
						.append("version", incident.version()));
	}

	static StoredEvent decode(Document stored) {
		Document incident = stored.get("incident", Document.class);
		String incidentId = stored.getString("incidentId");
		return new StoredEvent(stored.getString("_id"), incidentId, number(stored, "sequence", 0L),
				stored.getString("type"), instant(stored, "occurredAt"), instant(stored, "recordedAt"),
				stored.getString("envelope"), new IncidentSnapshot(incidentId, incident.getString("title"),
						incident.getString("severity"), incident.getString("status"), number(incident, "version", 0L)));
	}

	private static Long number(Document document, String field, long orElse) {
		Object value = document.get(field);
		return (value instanceof Number number) ? number.longValue() : orElse;
	}

	private static Instant instant(Document document, String field) {
		Date date = document.getDate(field);
		return (date != null) ? date.toInstant() : null;
	}

	private static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	/** A lane as the intake checks it. */
	public record LaneMark(long lastDeliveredSequence, Set<String> pendingEventIds) {
	}

	/** A lane as the engine resumes it. */
	record RestoredLane(List<PendingDelivery> pending, int attempts, Instant firstAttemptAt, Instant nextAttemptAt) {
	}

	/** A lane as the API shows it. */
	public record LaneState(String incidentId, long lastDeliveredSequence, int pending, int attempts,
			Instant nextAttemptAt) {
	}

}
