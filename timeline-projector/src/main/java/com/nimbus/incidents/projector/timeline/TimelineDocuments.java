package com.nimbus.incidents.projector.timeline;

import java.time.Instant;
import java.util.Date;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.readmodel.impact.IncidentImpactFacts;
import org.bson.Document;

import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * The stored shape of the incident read models: how an incident, a timeline entry and an
 * impact fact become documents.
 */
final class TimelineDocuments {

	private final MongoConverter converter;

	TimelineDocuments(MongoConverter converter) {
		this.converter = converter;
	}

	static boolean isImpactFact(TimelineEntry entry) {
		IncidentEvent payload = entry.envelope().payload();
		return payload instanceof ImpactReported || payload instanceof ImpactEnded
				|| payload instanceof ImpactCorrected;
	}

	IncidentState state(Document summary) {
		return this.converter.read(IncidentState.class, summary.get("state", Document.class));
	}

	/**
	 * The list row and the folded state, with how many events wait for a gap (the events
	 * themselves are in {@code parked_incident_events}).
	 */
	Document summary(ProjectedIncident incident) {
		IncidentState state = incident.state();
		Document converted = new Document();
		this.converter.write(state, converted);
		converted.remove("_class");
		return listRow(state).append("state", converted).append("parkedCount", incident.parked().size());
	}

	static Document listRow(IncidentState state) {
		return new Document("_id", state.incidentId()).append("version", state.version())
			.append("title", state.title())
			.append("status", (state.status() != null) ? state.status().name() : null)
			.append("severity", (state.severity() != null) ? state.severity().name() : null)
			.append("services", state.services())
			.append("regions", state.regions())
			.append("declaredAt", date(state.declaredAt()))
			.append("resolvedAt", date(state.resolvedAt()));
	}

	IncidentImpactFacts.Fact fact(TimelineEntry entry) {
		EventEnvelope envelope = entry.envelope();
		Document payload = payload(envelope);
		return new IncidentImpactFacts.Fact(envelope.sequence(), envelope.type(), payload.getString("impactId"),
				envelope.occurredAt(), envelope.recordedAt(), payload);
	}

	/**
	 * The timeline line, the event's fields for folding it again (the payload in its
	 * current schema), and the envelope as published.
	 */
	Document entry(TimelineEntry entry) {
		EventEnvelope envelope = entry.envelope();
		return new Document("_id", entry.id()).append("incidentId", envelope.incidentId())
			.append("sequence", envelope.sequence())
			.append("eventId", envelope.eventId())
			.append("type", envelope.type())
			.append("schemaVersion", envelope.schemaVersion())
			.append("occurredAt", date(envelope.occurredAt()))
			.append("recordedAt", date(envelope.recordedAt()))
			.append("actor", envelope.actor())
			.append("summary", entry.summary())
			.append("payload", payload(envelope))
			.append("envelope", entry.json());
	}

	private Document payload(EventEnvelope envelope) {
		Document payload = new Document();
		this.converter.write(envelope.payload(), payload);
		payload.remove("_class");
		return payload;
	}

	private static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

}
