package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.InsertManyOptions;
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

	/**
	 * One small document per incident with only what the incident list filters, sorts and
	 * shows: the list scans it (the embedded store cannot use secondary indexes) without
	 * reading every summary's whole folded state.
	 */
	public static final String LIST = "incident_list";

	private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TimelineStore.class);

	private final MongoTemplate mongo;

	private final EnvelopeDecoder decoder;

	public TimelineStore(MongoTemplate mongo, EnvelopeDecoder decoder) {
		this.mongo = mongo;
		this.decoder = decoder;
	}

	/**
	 * Read models written before the list collection existed get their list rows from the
	 * summaries, once, before the projector starts consuming (it starts later, as a
	 * lifecycle bean); a store that cannot be reached now is caught up by the next start
	 * or a rebuild.
	 */
	@jakarta.annotation.PostConstruct
	void backfillList() {
		try {
			MongoCollection<Document> list = this.mongo.getCollection(LIST);
			if (list.find().limit(1).first() != null || summaries().find().limit(1).first() == null) {
				return;
			}
			List<WriteModel<Document>> rows = new ArrayList<>();
			for (Document summary : summaries().find().projection(Projections.exclude("state", "parked"))) {
				rows.add(new ReplaceOneModel<>(Filters.eq("_id", summary.get("_id")), summary, UPSERT));
				if (rows.size() == 1000) {
					list.bulkWrite(rows);
					rows.clear();
				}
			}
			if (!rows.isEmpty()) {
				list.bulkWrite(rows);
			}
			log.info("Wrote the incident list from the summaries of an earlier version");
		}
		catch (RuntimeException ex) {
			log.warn("Could not write the incident list from the summaries now: {}", ex.toString());
		}
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
	 * never visible before its entries up to N. Each summary replaces only the one at the
	 * version this projector read ({@code expected}, per incident id; absent: no summary
	 * yet), so a summary dropped by a rebuild, or moved on by another instance, is never
	 * overwritten with an older fold; the poll fails with {@link SummaryMoved} instead
	 * and is retried from what the store holds.
	 * <p>
	 * Entries and impact facts are inserted, not upserted: an incident's sequence N is
	 * always the same event, so a document already there (written before a crash that
	 * came before its summary) is already right, and the store's duplicate-key refusal of
	 * it is the idempotence. Inserting is about half again as fast as replacing on the
	 * embedded store, and the rebuild is mostly these writes.
	 */
	public void write(List<TimelineEntry> entries, Collection<ProjectedIncident> incidents,
			Map<String, Long> expected) {
		if (!entries.isEmpty()) {
			List<Document> documents = new ArrayList<>(entries.size());
			List<Document> facts = new ArrayList<>();
			for (TimelineEntry entry : entries) {
				documents.add(entryDocument(entry));
				IncidentEvent payload = entry.envelope().payload();
				if (payload instanceof ImpactReported || payload instanceof ImpactEnded
						|| payload instanceof ImpactCorrected) {
					facts.add(factDocument(entry));
				}
			}
			insertOnce(timeline(), documents);
			insertOnce(this.mongo.getCollection(IMPACT_FACTS), facts);
		}
		if (!incidents.isEmpty()) {
			List<WriteModel<Document>> writes = new ArrayList<>(incidents.size());
			int replacements = 0;
			for (ProjectedIncident incident : incidents) {
				String incidentId = incident.state().incidentId();
				Long before = expected.get(incidentId);
				if (before == null) {
					writes.add(new InsertOneModel<>(summaryDocument(incident)));
				}
				else {
					// a plain filter with _id at its top, which the embedded store looks
					// up by
					// _id; a $and of the two conditions would make it scan every summary
					writes.add(new ReplaceOneModel<>(new Document("_id", incidentId).append("version", before),
							summaryDocument(incident)));
					replacements++;
				}
			}
			BulkWriteResult result;
			try {
				result = summaries().bulkWrite(writes);
			}
			catch (MongoBulkWriteException ex) {
				throw new SummaryMoved("An incident summary was written meanwhile by someone else: " + ex.getMessage());
			}
			if (result.getMatchedCount() != replacements) {
				throw new SummaryMoved("Only " + result.getMatchedCount() + " of " + replacements
						+ " incident summaries were still at the version this projector read");
			}
			List<WriteModel<Document>> rows = new ArrayList<>(incidents.size());
			for (ProjectedIncident incident : incidents) {
				rows.add(new ReplaceOneModel<>(Filters.eq("_id", incident.state().incidentId()),
						listDocument(incident.state()), UPSERT));
			}
			this.mongo.getCollection(LIST).bulkWrite(rows);
		}
	}

	/**
	 * A summary was not where this projector left or found it: dropped by a rebuild, or
	 * written by another instance. The poll is retried from the store.
	 */
	public static class SummaryMoved extends RuntimeException {

		SummaryMoved(String message) {
			super(message);
		}

	}

	/**
	 * Inserts every document whose {@code _id} is not there yet; one already there is
	 * left as it is.
	 */
	static void insertOnce(MongoCollection<Document> collection, List<Document> documents) {
		if (documents.isEmpty()) {
			return;
		}
		try {
			collection.insertMany(documents, new InsertManyOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			boolean onlyDuplicates = ex.getWriteErrors()
				.stream()
				.allMatch((error) -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
			if (!onlyDuplicates) {
				throw ex;
			}
		}
	}

	public void dropAll() {
		summaries().drop();
		this.mongo.getCollection(LIST).drop();
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

	private static Document listDocument(IncidentState state) {
		return new Document("_id", state.incidentId()).append("version", state.version())
			.append("title", state.title())
			.append("status", (state.status() != null) ? state.status().name() : null)
			.append("severity", (state.severity() != null) ? state.severity().name() : null)
			.append("services", state.services())
			.append("regions", state.regions())
			.append("declaredAt", date(state.declaredAt()))
			.append("resolvedAt", date(state.resolvedAt()));
	}

	private Document summaryDocument(ProjectedIncident incident) {
		IncidentState state = incident.state();
		Document converted = new Document();
		this.mongo.getConverter().write(state, converted);
		converted.remove("_class");
		return listDocument(state).append("state", converted)
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
