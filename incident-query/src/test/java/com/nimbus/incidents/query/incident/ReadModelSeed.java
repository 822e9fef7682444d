package com.nimbus.incidents.query.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import com.nimbus.incidents.readmodel.IncidentSummaryDocument;
import com.nimbus.incidents.readmodel.ListBucketWriter;
import com.nimbus.incidents.readmodel.TimelineEntryDocument;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Writes read models as the projector writes them (a summary and a list row per incident,
 * the list buckets, an entry per event, encoded and written by their owners in
 * {@code read-models}), in bulk, for integration tests that need many incidents.
 */
public final class ReadModelSeed {

	private static final int BULK = 1000;

	private final MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Document> summaries = new ArrayList<>();

	private final List<Document> rows = new ArrayList<>();

	private final List<Document> entries = new ArrayList<>();

	private final List<IncidentListDocument.Row> bucketRows = new ArrayList<>();

	public ReadModelSeed(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	public ReadModelSeed clear() {
		this.mongo.getCollection(IncidentReadModels.SUMMARIES).drop();
		this.mongo.getCollection(IncidentReadModels.LIST).drop();
		this.mongo.getCollection(ListBucketReads.BUCKETS).drop();
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
		this.rows.add(IncidentListDocument.encode(state));
		this.bucketRows.add(IncidentListDocument.row(state));
		this.summaries.add(IncidentSummaryDocument.encode(state, 0));
		if (withEntries) {
			for (EventEnvelope envelope : log) {
				this.entries.add(TimelineEntryDocument.encode(envelope, envelope.type() + " #" + envelope.sequence(),
						this.json.writeValueAsString(envelope)));
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
		new ListBucketWriter(this.mongo.getCollection(ListBucketReads.BUCKETS)).write(this.bucketRows);
		this.bucketRows.clear();
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
