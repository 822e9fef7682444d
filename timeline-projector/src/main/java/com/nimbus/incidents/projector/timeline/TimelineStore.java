package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.IncidentState;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models of incidents in MongoDB: one summary document per incident, keyed by
 * incident id, and one timeline entry per event, keyed by incident id and sequence. Every
 * read and write is by {@code _id}, the access path that stays fast on any Mongo-protocol
 * store; writes are replacements, so writing the same thing twice changes nothing.
 */
@Component
public class TimelineStore {

	public static final String SUMMARIES = "incident_summaries";

	public static final String ENTRIES = "timeline_entries";

	/**
	 * The impact-window events of every incident, one document each: what SLA reports and
	 * impact estimates fold, without scanning every timeline entry.
	 */
	public static final String IMPACT_FACTS = "impact_facts";

	private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

	private final MongoTemplate mongo;

	private final EnvelopeDecoder decoder;

	public TimelineStore(MongoTemplate mongo, EnvelopeDecoder decoder) {
		this.mongo = mongo;
		this.decoder = decoder;
	}

	public Map<String, ProjectedIncident> load(Collection<String> incidentIds) {
		Map<String, ProjectedIncident> found = new HashMap<>();
		for (Document summary : summaries().find(Filters.in("_id", incidentIds))) {
			IncidentState state = this.mongo.getConverter()
				.read(IncidentState.class, summary.get("state", Document.class));
			List<Delivered> parked = new ArrayList<>();
			for (String json : summary.getList("parked", String.class, List.of())) {
				parked.add(this.decoder.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			}
			found.put(summary.getString("_id"), new ProjectedIncident(state, parked));
		}
		return found;
	}

	/**
	 * Writes the entries first and the summaries after, so that a summary at version N is
	 * never visible before its entries up to N.
	 */
	public void write(List<TimelineEntry> entries, Collection<ProjectedIncident> incidents) {
		if (!entries.isEmpty()) {
			List<WriteModel<Document>> writes = new ArrayList<>(entries.size());
			for (TimelineEntry entry : entries) {
				writes.add(new ReplaceOneModel<>(Filters.eq("_id", entry.id()), entryDocument(entry), UPSERT));
			}
			timeline().bulkWrite(writes);
			List<WriteModel<Document>> facts = new ArrayList<>();
			for (TimelineEntry entry : entries) {
				IncidentEvent payload = entry.envelope().payload();
				if (payload instanceof ImpactReported || payload instanceof ImpactEnded
						|| payload instanceof ImpactCorrected) {
					facts.add(new ReplaceOneModel<>(Filters.eq("_id", entry.id()), factDocument(entry), UPSERT));
				}
			}
			if (!facts.isEmpty()) {
				this.mongo.getCollection(IMPACT_FACTS).bulkWrite(facts);
			}
		}
		if (!incidents.isEmpty()) {
			List<WriteModel<Document>> writes = new ArrayList<>(incidents.size());
			for (ProjectedIncident incident : incidents) {
				writes.add(new ReplaceOneModel<>(Filters.eq("_id", incident.state().incidentId()),
						summaryDocument(incident), UPSERT));
			}
			summaries().bulkWrite(writes);
		}
	}

	public void dropAll() {
		summaries().drop();
		timeline().drop();
		this.mongo.getCollection(IMPACT_FACTS).drop();
	}

	private Document factDocument(TimelineEntry entry) {
		EventEnvelope envelope = entry.envelope();
		Document payload = new Document();
		this.mongo.getConverter().write(envelope.payload(), payload);
		payload.remove("_class");
		String impactId = payload.getString("impactId");
		return new Document("_id", entry.id()).append("incidentId", envelope.incidentId())
			.append("impactId", impactId)
			.append("sequence", envelope.sequence())
			.append("type", envelope.type())
			.append("occurredAt", date(envelope.occurredAt()))
			.append("recordedAt", date(envelope.recordedAt()))
			.append("payload", payload);
	}

	private Document summaryDocument(ProjectedIncident incident) {
		IncidentState state = incident.state();
		Document converted = new Document();
		this.mongo.getConverter().write(state, converted);
		converted.remove("_class");
		return new Document("_id", state.incidentId()).append("version", state.version())
			.append("title", state.title())
			.append("status", (state.status() != null) ? state.status().name() : null)
			.append("severity", (state.severity() != null) ? state.severity().name() : null)
			.append("services", state.services())
			.append("regions", state.regions())
			.append("declaredAt", date(state.declaredAt()))
			.append("resolvedAt", date(state.resolvedAt()))
			.append("state", converted)
			.append("parked", incident.parked().stream().map(Delivered::json).toList());
	}

	/**
	 * The timeline line, the event's fields for folding it again (the payload in its
	 * current schema), and the envelope as published.
	 */
	private Document entryDocument(TimelineEntry entry) {
		EventEnvelope envelope = entry.envelope();
		Document payload = new Document();
		this.mongo.getConverter().write(envelope.payload(), payload);
		payload.remove("_class");
		return new Document("_id", entry.id()).append("incidentId", envelope.incidentId())
			.append("sequence", envelope.sequence())
			.append("eventId", envelope.eventId())
			.append("type", envelope.type())
			.append("schemaVersion", envelope.schemaVersion())
			.append("occurredAt", date(envelope.occurredAt()))
			.append("recordedAt", date(envelope.recordedAt()))
			.append("actor", envelope.actor())
			.append("summary", entry.summary())
			.append("payload", payload)
			.append("envelope", entry.json());
	}

	private static Date date(java.time.Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	private MongoCollection<Document> summaries() {
		return this.mongo.getCollection(SUMMARIES);
	}

	private MongoCollection<Document> timeline() {
		return this.mongo.getCollection(ENTRIES);
	}

}
