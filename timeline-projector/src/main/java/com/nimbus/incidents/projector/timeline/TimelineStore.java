package com.nimbus.incidents.projector.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.projector.parked.ParkedEvent;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.store.Writes;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import com.nimbus.incidents.readmodel.IncidentSummaryDocument;
import com.nimbus.incidents.readmodel.ListBucketWriter;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.TimelineEntryDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models of incidents in MongoDB: one summary document per incident, keyed by
 * incident id; one timeline entry per event, keyed by incident id and sequence; the views
 * of impact windows ({@link ImpactViews}); one list row per incident; and the events
 * waiting for a gap, in {@link ParkedEvents#INCIDENTS}. Every read and write is by
 * {@code _id}, the access path that stays fast on any Mongo-protocol store.
 * <p>
 * A poll's write goes to several collections, none of them in a transaction, so any one
 * bulk write may fail half-way. Each step is idempotent and guarded by the incident's
 * sequence, and they go in an order that makes the retry of the same poll (from the
 * store, the handler's memory forgotten) finish the job (ADR 11):
 * <ol>
 * <li>timeline entries, inserted once (sequence N is always the same event), and the
 * views of impact windows ({@link ImpactViews}), each write adding what is not there
 * (neither reads the other: they go at once);</li>
 * <li>events newly parked, inserted once;</li>
 * <li>summaries, each replacing only the version read; the retry reads the summaries that
 * went through as they are now, and writes the others;</li>
 * <li>list rows of every incident the poll touched, whether its summary changed or not,
 * each replacing only an older version: a row left behind by a failure is caught up by
 * the retry, and a row is never moved back; then the same rows in the list buckets
 * ({@link ListBucketWriter}: only newer versions, counts moved exactly, copies behind
 * brought up);</li>
 * <li>parked events the summaries have now applied, deleted. One left behind by a failure
 * lies at or below its incident's version: the retry, which reads the incident from the
 * store, finds and deletes it.</li>
 * </ol>
 * Writes within one step go to collections of their own and run at once
 * ({@link ParallelWrites}); the steps follow each other. So a summary at version N is
 * never visible before its entries up to N, and an event delivered ahead of a gap is
 * stored before the offset past it is committed, and removed only once the summary that
 * applied it is stored.
 */
@Component
public class TimelineStore {

	private static final Logger log = LoggerFactory.getLogger(TimelineStore.class);

	public static final String SUMMARIES = ReadModelCollections.INCIDENT_SUMMARIES;

	public static final String ENTRIES = ReadModelCollections.TIMELINE_ENTRIES;

	/**
	 * One small document per incident with only what the incident list filters, sorts and
	 * shows; the list itself reads {@link #LIST_BUCKETS} (ADR 17), which are written from
	 * these rows when a store has none.
	 */
	public static final String LIST = ReadModelCollections.INCIDENT_LIST;

	/**
	 * The views of impact windows ({@link ImpactViews}), and the per-event impact facts
	 * earlier versions wrote.
	 */
	static final List<String> IMPACT_VIEWS = List.of(ReadModelCollections.INCIDENT_IMPACT_FACTS,
			ReadModelCollections.IMPACT_MONTHS, ReadModelCollections.IMPACT_OPEN, ReadModelCollections.COMPONENT_MONTHS,
			ReadModelCollections.COMPONENT_INCIDENTS, ReadModelCollections.LEGACY_IMPACT_FACTS,
			ReadModelCollections.LEGACY_COMPONENT_INCIDENTS, ReadModelCollections.LEGACY_CUSTOMER_INCIDENTS);

	/**
	 * The list rows again, by the day each incident was declared, with counts per day,
	 * month and year: what the incident list pages through by key (ADR 17).
	 */
	public static final String LIST_BUCKETS = ReadModelCollections.INCIDENT_LIST_BUCKETS;

	private final MongoTemplate mongo;

	private final EnvelopeDecoder decoder;

	private final ParkedEvents parked;

	private final ImpactViews impacts;

	private final Clock clock;

	private final ListBucketWriter buckets;

	public TimelineStore(MongoTemplate mongo, EnvelopeDecoder decoder, Clock clock) {
		this.mongo = mongo;
		this.decoder = decoder;
		this.parked = new ParkedEvents(mongo, ParkedEvents.INCIDENTS);
		this.impacts = new ImpactViews(mongo);
		this.clock = clock;
		this.buckets = new ListBucketWriter(mongo.getCollection(LIST_BUCKETS));
	}

	/**
	 * The stored projections of these incidents, with the events waiting for a gap (one
	 * {@code _id} range per incident, one query). A parked event at or below its
	 * incident's version was applied by a write that failed before it could release it:
	 * it is released now. A summary written by an earlier version holds its parked events
	 * itself; they are copied to their collection here, and leave the summary at its next
	 * write.
	 */
	public Map<String, ProjectedIncident> load(Collection<String> incidentIds) {
		Map<String, IncidentState> states = new LinkedHashMap<>();
		List<ParkedEvent> legacy = new ArrayList<>();
		for (Document summary : collection(SUMMARIES).find(Filters.in("_id", incidentIds))) {
			IncidentState state = IncidentSummaryDocument.state(summary);
			states.put(state.incidentId(), state);
			for (String json : IncidentSummaryDocument.legacyParked(summary)) {
				legacy.add(new ParkedEvent(state.incidentId(), decode(json).sequence(), json, this.clock.instant()));
			}
		}
		if (states.isEmpty()) {
			return Map.of();
		}
		this.parked.park(legacy);
		Map<String, Long> all = new HashMap<>();
		states.keySet().forEach((incidentId) -> all.put(incidentId, -1L));
		Map<String, List<ParkedEvent>> parkedEvents = this.parked.waiting(all);
		Map<String, ProjectedIncident> found = new HashMap<>();
		states.forEach((incidentId, state) -> {
			List<Delivered> events = new ArrayList<>();
			for (ParkedEvent event : parkedEvents.getOrDefault(incidentId, List.of())) {
				if (event.sequence() <= state.version()) {
					this.parked.sweep(event);
				}
				else {
					events.add(decode(event.json()));
				}
			}
			found.put(incidentId, new ProjectedIncident(state, events));
		});
		return found;
	}

	/**
	 * Writes one poll's projection, one step after the other, in the order described
	 * above.
	 * @param entries the timeline entries of the events applied
	 * @param changed the incidents whose summary changed, as projected now
	 * @param before every incident the poll touched, as read from the store or this
	 * instance's memory of it (absent: no summary yet); the summary of an incident in
	 * {@code changed} replaces only this version, else the poll fails with
	 * {@link SummaryMoved}
	 */
	public void write(List<TimelineEntry> entries, Collection<ProjectedIncident> changed,
			Map<String, ProjectedIncident> before) {
		write(entries, changed, before, List.of(), (step) -> step.forEach(Runnable::run));
	}

	/**
	 * Writes one poll's projection in the order described above, handing each step's
	 * writes (to collections of their own) to {@code runStep}, which may run them at once
	 * and returns when all have ended.
	 * @param alongside writes of other read models that go before the summaries too (the
	 * status page, its feed, the catalog), run with the first step
	 */
	public void write(List<TimelineEntry> entries, Collection<ProjectedIncident> changed,
			Map<String, ProjectedIncident> before, List<Runnable> alongside, Consumer<List<Runnable>> runStep) {
		writeUpToSummaries(entries, changed, before, alongside, runStep).run();
	}

	/**
	 * Steps 1 to 3, which make the poll's changes visible to readers of an incident (its
	 * summary, timeline, impact); returns steps 4 and 5 (the list, the release of parked
	 * events), which the caller runs later, before the poll's barrier and before the next
	 * poll's steps 4 and 5. The summaries stand for the whole poll (a retry of it catches
	 * the later steps up from the store), so they are as safe to leave for later as when
	 * a write of theirs fails.
	 */
	public Runnable writeUpToSummaries(List<TimelineEntry> entries, Collection<ProjectedIncident> changed,
			Map<String, ProjectedIncident> before, List<Runnable> alongside, Consumer<List<Runnable>> runStep) {
		List<Runnable> first = new ArrayList<>(beforeSummaries(entries, changed, before));
		first.addAll(alongside);
		runStep.accept(first);
		writeSummaries(changed, before);
		List<Runnable> rest = afterSummaries(changed, before);
		return () -> runStep.accept(rest);
	}

	/**
	 * Steps 1 and 2: the timeline entries, the views of impact windows, and the events
	 * newly parked.
	 */
	private List<Runnable> beforeSummaries(List<TimelineEntry> entries, Collection<ProjectedIncident> changed,
			Map<String, ProjectedIncident> before) {
		List<Document> timeline = new ArrayList<>(entries.size());
		for (TimelineEntry entry : entries) {
			timeline.add(TimelineEntryDocument.encode(entry.envelope(), entry.summary(), entry.json()));
		}
		List<ParkedEvent> newlyParked = new ArrayList<>();
		for (ProjectedIncident incident : changed) {
			ProjectedIncident previous = before.get(incident.state().incidentId());
			Set<Long> waited = sequences((previous != null) ? previous.parked() : List.of());
			for (Delivered event : incident.parked()) {
				if (!waited.contains(event.sequence())) {
					newlyParked.add(new ParkedEvent(event.envelope().incidentId(), event.sequence(), event.json(),
							this.clock.instant()));
				}
			}
		}
		return List.of(() -> Writes.insertOnce(collection(ENTRIES), timeline),
				() -> this.impacts.write(entries, before), () -> this.parked.park(newlyParked));
	}

	/**
	 * Steps 4 and 5: the list rows, the list buckets and the release of parked events the
	 * summaries applied.
	 */
	private List<Runnable> afterSummaries(Collection<ProjectedIncident> changed,
			Map<String, ProjectedIncident> before) {
		List<String> released = new ArrayList<>();
		for (ProjectedIncident incident : changed) {
			ProjectedIncident previous = before.get(incident.state().incidentId());
			Set<Long> waits = sequences(incident.parked());
			for (Long sequence : sequences((previous != null) ? previous.parked() : List.of())) {
				if (!waits.contains(sequence)) {
					released.add(ParkedEvents.id(incident.state().incidentId(), sequence));
				}
			}
		}
		Map<String, IncidentState> rows = new LinkedHashMap<>();
		before.forEach((incidentId, incident) -> rows.put(incidentId, incident.state()));
		changed.forEach((incident) -> rows.put(incident.state().incidentId(), incident.state()));
		return List.of(() -> new ListRows(collection(LIST)).catchUp(rows.values()),
				() -> this.buckets.write(rows.values().stream().map(IncidentListDocument::row).toList()),
				() -> this.parked.release(released));
	}

	private void writeSummaries(Collection<ProjectedIncident> changed, Map<String, ProjectedIncident> before) {
		if (changed.isEmpty()) {
			return;
		}
		List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
		int replacements = 0;
		for (ProjectedIncident incident : changed) {
			String incidentId = incident.state().incidentId();
			ProjectedIncident previous = before.get(incidentId);
			if (previous == null) {
				writes.add(new InsertOneModel<>(summary(incident)));
			}
			else {
				// a plain filter with _id at its top, which the embedded store looks up
				// by
				// _id; a $and of the two conditions would make it scan every summary
				writes.add(new ReplaceOneModel<>(new Document("_id", incidentId).append("version", previous.version()),
						summary(incident)));
				replacements++;
			}
		}
		BulkWriteResult result;
		try {
			result = collection(SUMMARIES).bulkWrite(writes);
		}
		catch (MongoBulkWriteException ex) {
			throw new SummaryMoved("An incident summary was written meanwhile by someone else: " + ex.getMessage());
		}
		if (result.getMatchedCount() != replacements) {
			throw new SummaryMoved("Only " + result.getMatchedCount() + " of " + replacements
					+ " incident summaries were still at the version this projector read");
		}
	}

	private static Document summary(ProjectedIncident incident) {
		return IncidentSummaryDocument.encode(incident.state(), incident.parked().size());
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

	public void dropAll() {
		collection(SUMMARIES).drop();
		collection(LIST).drop();
		collection(LIST_BUCKETS).drop();
		// list and buckets are filled again together: nothing to backfill
		ListBucketBackfill.markDone(this.mongo);
		collection(ENTRIES).drop();
		for (String view : IMPACT_VIEWS) {
			collection(view).drop();
		}
		this.parked.drop();
	}

	private Delivered decode(String json) {
		return this.decoder.decode(json.getBytes(StandardCharsets.UTF_8));
	}

	private static Set<Long> sequences(List<Delivered> events) {
		Set<Long> sequences = new HashSet<>();
		events.forEach((event) -> sequences.add(event.sequence()));
		return sequences;
	}

	private MongoCollection<Document> collection(String name) {
		return this.mongo.getCollection(name);
	}

}
