package com.nimbus.incidents.query.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.query.incident.IncidentLogCache.Fetched;
import com.nimbus.incidents.query.incident.Responses.Entry;
import com.nimbus.incidents.query.incident.Responses.IncidentListItem;
import com.nimbus.incidents.query.incident.Responses.IncidentPage;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import com.nimbus.incidents.readmodel.IncidentSummaryDocument;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.TimelineEntryDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the projector's read models, decoded by their owners in {@code read-models}:
 * summaries by incident id, timeline entries by incident id and sequence, the list from
 * its buckets by day, month and year ({@link ListPager}). Entries are fetched by exact
 * ids up to the summary's version, so a view never shows an event beyond the version it
 * reports. Every document decoded is charged to the request's {@link ReadBudget}.
 */
@Component
class IncidentReadModels {

	static final String SUMMARIES = ReadModelCollections.INCIDENT_SUMMARIES;

	static final String ENTRIES = ReadModelCollections.TIMELINE_ENTRIES;

	/**
	 * What the list shows of each incident, small documents (written by the projector,
	 * read by the list in its buckets: {@link ListBucketReads#BUCKETS}).
	 */
	static final String LIST = ReadModelCollections.INCIDENT_LIST;

	private static final int IDS_PER_QUERY = 1000;

	/**
	 * Events read at a time by a fold: small enough that a chunk of long notes stays well
	 * inside one request's budget.
	 */
	private static final int FOLD_CHUNK = 200;

	private final MongoTemplate mongo;

	private final IncidentLogCache cache;

	private final ReadBudget budget;

	private final MongoCollection<Document> buckets;

	IncidentReadModels(MongoTemplate mongo, IncidentLogCache cache, ReadBudget budget) {
		this.mongo = mongo;
		this.cache = cache;
		this.budget = budget;
		this.buckets = mongo.getCollection(ListBucketReads.BUCKETS);
	}

	Optional<IncidentState> summary(String incidentId) {
		RawBsonDocument raw = ReadBudget.raw(collection(SUMMARIES))
			.find(Filters.eq("_id", incidentId))
			.projection(Projections.include(IncidentSummaryDocument.VERSION, IncidentSummaryDocument.STATE))
			.first();
		if (raw == null) {
			return Optional.empty();
		}
		Document summary = this.budget.keep(raw);
		return Optional.of(this.cache.state(incidentId, IncidentSummaryDocument.version(summary),
				ReadBudget.bsonBytes(raw), () -> IncidentSummaryDocument.state(summary)));
	}

	record ListFilter(String status, String severity, String service, String region, Instant from, Instant to) {
	}

	/**
	 * A page of the list, newest first, and how many incidents the filter selects, from
	 * the list buckets by key ({@link ListPager}).
	 */
	IncidentPage list(ListFilter filter, int page, int size) {
		ListSelection selection = new ListSelection(filter);
		ListPager.Page found = ListPager.page(new ListBucketReads(this.buckets, this.budget, selection.countKeys()),
				selection, (long) page * size, size);
		// a bucket row keeps the version of its last listed change; the incident's own
		// row
		// in incident_list moves with every event
		Map<String, Long> versions = new HashMap<>();
		if (!found.rows().isEmpty()) {
			List<String> ids = found.rows().stream().map(IncidentListDocument.Row::incidentId).toList();
			List<Document> rows = new ArrayList<>();
			this.budget.keepAll(ReadBudget.raw(collection(LIST))
				.find(Filters.in("_id", ids))
				.projection(Projections.include(IncidentListDocument.VERSION)), rows);
			rows.forEach((row) -> versions.put(row.getString("_id"),
					row.get(IncidentListDocument.VERSION, Number.class).longValue()));
		}
		List<IncidentListItem> items = new ArrayList<>(found.rows().size());
		for (IncidentListDocument.Row row : found.rows()) {
			long version = Math.max(row.version(), versions.getOrDefault(row.incidentId(), row.version()));
			items.add(new IncidentListItem(row.incidentId(), version, row.title(), row.severity(), row.status(),
					row.services(), row.regions(), row.declaredAt(), row.resolvedAt()));
		}
		return new IncidentPage(items, page, size, found.total());
	}

	/**
	 * Documents read, with the BSON size they had in the store.
	 */
	record Read(List<Document> documents, long bsonBytes) {
	}

	/**
	 * The incident's entries with sequences {@code 0..version}, in sequence order.
	 */
	Read entries(String incidentId, long version, String... fields) {
		return entries(incidentId, 0, version, fields);
	}

	/**
	 * The incident's entries with sequences {@code first..last}, in sequence order, each
	 * charged to the request's read budget as it is decoded.
	 */
	Read entries(String incidentId, long first, long last, String... fields) {
		List<Document> entries = new ArrayList<>((int) Math.min(Math.max(0, last - first + 1), IDS_PER_QUERY));
		long bsonBytes = 0;
		for (long from = first; from <= last; from += IDS_PER_QUERY) {
			List<String> ids = new ArrayList<>();
			for (long sequence = from; sequence <= Math.min(last, from + IDS_PER_QUERY - 1); sequence++) {
				ids.add(ReadModelKeys.entryId(incidentId, sequence));
			}
			bsonBytes += this.budget.keepAll(ReadBudget.raw(collection(ENTRIES))
				.find(Filters.in("_id", ids))
				.projection(Projections.include(fields)), entries);
		}
		entries.sort(Comparator
			.comparingLong((Document entry) -> entry.get(TimelineEntryDocument.SEQUENCE, Number.class).longValue()));
		return new Read(entries, bsonBytes);
	}

	/**
	 * The incident's timeline lines with sequences {@code 0..version}, in sequence order.
	 */
	List<Entry> timelineEntries(String incidentId, long version) {
		return this.cache.timeline(incidentId, version, (first, last) -> {
			Read read = entries(incidentId, first, last, TimelineEntryDocument.LINE_FIELDS);
			return new Fetched<>(read.documents().stream().map(IncidentReadModels::entry).toList(), read.bsonBytes());
		});
	}

	private static Entry entry(Document entry) {
		TimelineEntryDocument.Line line = TimelineEntryDocument.line(entry);
		return Entry.of(line.sequence(), line.occurredAt(), line.recordedAt(), line.type(), line.actor(),
				line.summary());
	}

	/**
	 * The incident's events, decoded from the entries, in sequence order.
	 */
	List<EventEnvelope> events(String incidentId, long version) {
		return this.cache.events(incidentId, version, (first, last) -> events(incidentId, first, last));
	}

	/**
	 * Passes the incident's events {@code 0..version} to {@code fold} in sequence order,
	 * from memory when the whole log is cached, else a chunk of {@value #FOLD_CHUNK} at a
	 * time, each chunk given back to the read budget once folded: a request folding a log
	 * of any length holds one chunk, not the log.
	 */
	void foldEvents(String incidentId, long version, java.util.function.Consumer<EventEnvelope> fold) {
		List<EventEnvelope> cached = this.cache.cachedEvents(incidentId, version);
		if (cached != null) {
			cached.forEach(fold);
			return;
		}
		for (long from = 0; from <= version; from += FOLD_CHUNK) {
			Fetched<EventEnvelope> chunk = events(incidentId, from, Math.min(version, from + FOLD_CHUNK - 1));
			chunk.items().forEach(fold);
			this.budget.release(com.nimbus.incidents.query.limits.HeapEstimate.ofBson(chunk.bsonBytes()));
		}
	}

	private Fetched<EventEnvelope> events(String incidentId, long first, long last) {
		List<EventEnvelope> events = new ArrayList<>();
		Read read = entries(incidentId, first, last, TimelineEntryDocument.EVENT_FIELDS);
		for (Document entry : read.documents()) {
			events.add(TimelineEntryDocument.event(entry));
		}
		return new Fetched<>(events, read.bsonBytes());
	}

	private MongoCollection<Document> collection(String name) {
		return this.mongo.getCollection(name);
	}

}
