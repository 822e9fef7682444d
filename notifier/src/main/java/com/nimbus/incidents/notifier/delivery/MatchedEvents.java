package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import com.nimbus.incidents.support.store.ChunkedBulk;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code notifier_events}: an event some subscription wanted, once, by {@code _id} (the
 * event id), as it was on the topic with the incident as of that event, and the
 * subscriptions that matched it ({@code matched}), for the lanes' deliveries after a
 * restart and for replays (see ADR 19).
 */
final class MatchedEvents {

	static final String COLLECTION = "notifier_events";

	private final MongoTemplate mongo;

	MatchedEvents(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION).withWriteConcern(LaneStore.DEFERRED);
	}

	/**
	 * The one index beyond {@code _id}: events by subscription and time, for replays (a
	 * real MongoDB uses it; the embedded store scans, see ADR 19).
	 */
	void ensureIndexes() {
		collection().createIndex(Indexes.ascending("matched", "recordedAt"));
	}

	/**
	 * Stores the events of these deliveries, each once, with the subscriptions that
	 * matched it added (idempotent).
	 */
	void write(List<PendingDelivery> deliveries) {
		Map<String, StoredEvent> events = new LinkedHashMap<>();
		Map<String, Set<String>> matchedBy = new LinkedHashMap<>();
		for (PendingDelivery delivery : deliveries) {
			StoredEvent event = delivery.event();
			events.putIfAbsent(event.eventId(), event);
			matchedBy.computeIfAbsent(event.eventId(), (id) -> new LinkedHashSet<>()).add(delivery.subscriptionId());
		}
		List<WriteModel<Document>> writes = new ArrayList<>();
		for (StoredEvent event : events.values()) {
			writes.add(new UpdateOneModel<>(Filters.eq("_id", event.eventId()),
					Updates.combine(Updates.setOnInsert(encode(event)),
							Updates.addEachToSet("matched", List.copyOf(matchedBy.get(event.eventId())))),
					new UpdateOptions().upsert(true)));
		}
		ChunkedBulk.write(collection(), writes, new BulkWriteOptions().ordered(false), LaneStore.WRITES_PER_COMMAND);
	}

	/** The events of these ids that are stored. */
	Map<String, StoredEvent> byIds(Collection<String> eventIds) {
		Map<String, StoredEvent> events = new HashMap<>();
		if (!eventIds.isEmpty()) {
			for (Document event : collection().find(Filters.in("_id", eventIds))) {
				events.put(event.getString("_id"), decode(event));
			}
		}
		return events;
	}

	/** The events a subscription matched, recorded at or after {@code from}, in order. */
	List<StoredEvent> matchedSince(String subscriptionId, Instant from) {
		List<StoredEvent> events = new ArrayList<>();
		for (Document event : collection()
			.find(Filters.and(Filters.eq("matched", subscriptionId), Filters.gte("recordedAt", Date.from(from))))
			.sort(Sorts.ascending("incidentId", "sequence"))) {
			events.add(decode(event));
		}
		return events;
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
		return new StoredEvent(stored.getString("_id"), incidentId, StoredFields.number(stored, "sequence", 0L),
				stored.getString("type"), StoredFields.instant(stored, "occurredAt"),
				StoredFields.instant(stored, "recordedAt"), stored.getString("envelope"),
				new IncidentSnapshot(incidentId, incident.getString("title"), incident.getString("severity"),
						incident.getString("status"), StoredFields.number(incident, "version", 0L)));
	}

}
