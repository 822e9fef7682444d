package com.nimbus.incidents.readmodel.impact;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import org.bson.Document;

/**
 * The stored shape of the SLA month buckets: how the incidents whose windows touch a
 * month are found by {@code _id}, whatever was known when.
 * <ul>
 * <li>{@link ReadModelCollections#IMPACT_MONTHS}, {@code _id} = {@code YYYY-MM}:
 * {@code incidentIds}, every incident any version of whose windows overlapped the month
 * (added, never removed);</li>
 * <li>{@link ReadModelCollections#IMPACT_OPEN}, {@code _id} = {@code open}:
 * {@code windows}, the windows open now, as {@code {incidentId, impactId}} (added when a
 * window is open after an event, removed once it has ended: a window never reopens, so a
 * removal is never wrong, whoever writes it when);</li>
 * <li>{@link ReadModelCollections#IMPACT_OPEN}, {@code _id} = {@code closed-YYYY-MM}:
 * {@code incidentIds}, the incidents an open window of which was ended by an event
 * recorded in that month: a report as known before then sees that window open.</li>
 * </ul>
 * Every write is {@code $addToSet} or {@code $pullAll} by {@code _id}: atomic on the
 * shared documents, and idempotent.
 */
public final class ImpactBuckets {

	static final String INCIDENT_IDS = "incidentIds";

	static final String WINDOWS = "windows";

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private ImpactBuckets() {
	}

	/**
	 * The writes to {@link ReadModelCollections#IMPACT_MONTHS}: each month's incidents
	 * added.
	 */
	public static List<WriteModel<Document>> monthAdds(Collection<ImpactChange> changes) {
		Map<String, SortedSet<String>> byMonth = new TreeMap<>();
		for (ImpactChange change : changes) {
			change.months()
				.forEach((month) -> byMonth.computeIfAbsent(ReadModelKeys.month(month), (key) -> new TreeSet<>())
					.add(change.incidentId()));
		}
		return addAll(byMonth, INCIDENT_IDS);
	}

	/**
	 * The additions to {@link ReadModelCollections#IMPACT_OPEN}: windows open now, and
	 * the incidents whose open windows ended, by the month the end was recorded in.
	 * Written before the facts that show them, so a reader who sees the facts finds them.
	 */
	public static List<WriteModel<Document>> openAdds(Collection<ImpactChange> changes) {
		Map<String, SortedSet<String>> openByIncident = new TreeMap<>();
		Map<String, SortedSet<String>> closedIn = new TreeMap<>();
		for (ImpactChange change : changes) {
			openByIncident.computeIfAbsent(change.incidentId(), (id) -> new TreeSet<>()).addAll(change.open());
			change.closedIn()
				.forEach((month) -> closedIn.computeIfAbsent(ReadModelKeys.closedIn(month), (key) -> new TreeSet<>())
					.add(change.incidentId()));
		}
		List<Document> open = new ArrayList<>();
		openByIncident.forEach(
				(incidentId, impactIds) -> impactIds.forEach((impactId) -> open.add(window(incidentId, impactId))));
		List<WriteModel<Document>> writes = new ArrayList<>();
		if (!open.isEmpty()) {
			writes.add(new UpdateOneModel<>(new Document("_id", ReadModelKeys.OPEN),
					new Document("$addToSet", new Document(WINDOWS, new Document("$each", open))), UPSERT));
		}
		writes.addAll(addAll(closedIn, INCIDENT_IDS));
		return writes;
	}

	/**
	 * The removals from {@link ReadModelCollections#IMPACT_OPEN}: windows that have
	 * ended. Written after the facts that show them ended, and after the months they
	 * touch.
	 */
	public static List<WriteModel<Document>> openPulls(Collection<ImpactChange> changes) {
		List<Document> closed = new ArrayList<>();
		for (ImpactChange change : changes) {
			change.closed().forEach((impactId) -> closed.add(window(change.incidentId(), impactId)));
		}
		if (closed.isEmpty()) {
			return List.of();
		}
		return List.of(new UpdateOneModel<>(new Document("_id", ReadModelKeys.OPEN),
				new Document("$pullAll", new Document(WINDOWS, closed))));
	}

	/**
	 * The keys in {@link ReadModelCollections#IMPACT_OPEN} that find every window open as
	 * known at {@code knownAt}: the windows open now, and when {@code knownAt} is before
	 * {@code now}, those ended by an event recorded since (by month, one more month for
	 * clocks that differ).
	 */
	public static List<String> openKeys(Instant knownAt, Instant now) {
		List<String> keys = new ArrayList<>();
		keys.add(ReadModelKeys.OPEN);
		if (knownAt.isBefore(now)) {
			YearMonth last = ReadModelKeys.monthOf(now).plusMonths(1);
			for (YearMonth month = ReadModelKeys.monthOf(knownAt); !month.isAfter(last); month = month.plusMonths(1)) {
				keys.add(ReadModelKeys.closedIn(month));
			}
		}
		return keys;
	}

	/**
	 * The incidents a stored bucket names, month or open.
	 */
	public static Set<String> incidentIds(Document bucket) {
		Set<String> ids = new TreeSet<>(bucket.getList(INCIDENT_IDS, String.class, List.of()));
		bucket.getList(WINDOWS, Document.class, List.of()).forEach((window) -> ids.add(window.getString("incidentId")));
		return ids;
	}

	private static Document window(String incidentId, String impactId) {
		return new Document("incidentId", incidentId).append("impactId", impactId);
	}

	private static List<WriteModel<Document>> addAll(Map<String, SortedSet<String>> byKey, String field) {
		List<WriteModel<Document>> writes = new ArrayList<>(byKey.size());
		byKey.forEach((key, ids) -> writes.add(new UpdateOneModel<>(new Document("_id", key),
				new Document("$addToSet", new Document(field, new Document("$each", List.copyOf(ids)))), UPSERT)));
		return writes;
	}

}
