package com.nimbus.incidents.query.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Writes read models in the layout the projector writes (a summary and a list row per
 * incident, an entry per event), in bulk, for integration tests that need many incidents.
 */
public final class ReadModelSeed {

	private static final int BULK = 1000;

	private final MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Document> summaries = new ArrayList<>();

	private final List<Document> rows = new ArrayList<>();

	private final List<Document> entries = new ArrayList<>();

	public ReadModelSeed(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	public ReadModelSeed clear() {
		this.mongo.getCollection(IncidentReadModels.SUMMARIES).drop();
		this.mongo.getCollection(IncidentReadModels.LIST).drop();
		this.mongo.getCollection(IncidentReadModels.ENTRIES).drop();
		return this;
	}

	/**
	 * The incident with these events, one a minute from {@code start}; its timeline
	 * entries too when {@code withEntries}.
	 */
	public ReadModelSeed incident(String incidentId, Instant start, List<IncidentEvent> payloads, boolean withEntries) {
		List<EventEnvelope> log = new ArrayList<>();
		for (IncidentEvent payload : payloads) {
			Instant at = start.plus(Duration.ofMinutes(log.size()));
			log.add(EventEnvelope.of("e-" + incidentId + "-" + log.size(), incidentId, log.size(), at,
					at.plusSeconds(1), "dana@nimbus.example", payload));
		}
		IncidentState state = IncidentFold.fold(incidentId, log);
		Document converted = new Document();
		this.mongo.getConverter().write(state, converted);
		Document row = new Document("_id", incidentId).append("version", state.version())
			.append("status", state.status().name())
			.append("severity", state.severity().name())
			.append("services", state.services())
			.append("regions", state.regions())
			.append("declaredAt", Date.from(state.declaredAt()))
			.append("title", state.title());
		this.rows.add(row);
		this.summaries.add(new Document(row).append("state", converted).append("parked", List.of()));
		if (withEntries) {
			for (EventEnvelope envelope : log) {
				Document payload = new Document();
				this.mongo.getConverter().write(envelope.payload(), payload);
				this.entries.add(new Document("_id", incidentId + ":" + String.format("%010d", envelope.sequence()))
					.append("incidentId", incidentId)
					.append("sequence", envelope.sequence())
					.append("eventId", envelope.eventId())
					.append("type", envelope.type())
					.append("schemaVersion", envelope.schemaVersion())
					.append("occurredAt", Date.from(envelope.occurredAt()))
					.append("recordedAt", Date.from(envelope.recordedAt()))
					.append("actor", envelope.actor())
					.append("summary", envelope.type() + " #" + envelope.sequence())
					.append("payload", payload)
					.append("envelope", this.json.writeValueAsString(envelope)));
			}
		}
		if (this.summaries.size() >= BULK || this.entries.size() >= BULK) {
			flush();
		}
		return this;
	}

	/**
	 * Writes what is pending.
	 */
	public ReadModelSeed flush() {
		insert(IncidentReadModels.LIST, this.rows);
		insert(IncidentReadModels.SUMMARIES, this.summaries);
		insert(IncidentReadModels.ENTRIES, this.entries);
		return this;
	}

	private void insert(String collection, List<Document> documents) {
		if (!documents.isEmpty()) {
			this.mongo.getCollection(collection).insertMany(documents);
			documents.clear();
		}
	}

}
