package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.ListBucketDocument.COUNTS;
import static com.nimbus.incidents.readmodel.ListBucketDocument.CREV;
import static com.nimbus.incidents.readmodel.ListBucketDocument.PARTS;
import static com.nimbus.incidents.readmodel.ListBucketDocument.REV;
import static com.nimbus.incidents.readmodel.ListBucketDocument.ROWS;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import org.bson.Document;

/**
 * Writes list rows into {@link ReadModelCollections#INCIDENT_LIST_BUCKETS}: each row into
 * the day its incident was declared, then the counts of the changed days up to their
 * month, year and {@link ListBucketIds#ROOT}. No transaction: every write replaces only
 * the revision of the node it read ({@link ListBucketChanges}), and one refused is
 * computed again from a fresh read, a bounded number of times. Writing the same rows
 * again changes nothing; a write cut off half-way is finished by the next write of the
 * same rows, which also brings up any copy left behind; several writers may write the
 * same nodes at once. So the counts stay exact.
 * <p>
 * A poll in which no count changes (most events change only a row's version) costs one
 * read of its days and their chain of parents, and one bulk write of the days; one that
 * moves counts, one more write per level above the days (their copies computed from that
 * read), unless another writer moved a node meanwhile.
 */
public final class ListBucketWriter {

	/**
	 * Writes refused because another writer moved the node first, per level, before
	 * giving up (the caller's retry starts over from the store).
	 */
	static final int ATTEMPTS = 10;

	private static final int IDS_PER_READ = 500;

	private final MongoCollection<Document> buckets;

	public ListBucketWriter(MongoCollection<Document> buckets) {
		this.buckets = buckets;
	}

	/**
	 * Writes these rows (the newest version of each wins; a row without
	 * {@code declaredAt}, an incident not declared yet, is not listed).
	 */
	public void write(Collection<Row> rows) {
		Map<String, Map<String, Row>> byDay = new TreeMap<>();
		for (Row row : rows) {
			if (row.declaredAt() != null) {
				byDay.computeIfAbsent(ListBucketIds.day(row.declaredAt()), (day) -> new LinkedHashMap<>())
					.merge(row.incidentId(), row, (a, b) -> (a.version() >= b.version()) ? a : b);
			}
		}
		if (byDay.isEmpty()) {
			return;
		}
		Set<String> chain = new LinkedHashSet<>();
		List<String> fields = new ArrayList<>(List.of(REV, CREV, COUNTS));
		for (String day : byDay.keySet()) {
			byDay.get(day).keySet().forEach((id) -> fields.add(ROWS + "." + ListBucketDocument.field(id)));
			for (String node = day; !node.equals(ListBucketIds.ROOT); node = ListBucketIds.parent(node)) {
				if (chain.add(node)) {
					fields.add(PARTS + "." + node);
				}
			}
		}
		chain.add(ListBucketIds.ROOT);
		Map<String, Document> snapshot = read(chain, fields);
		Rows written = writeRows(byDay, snapshot);
		if (written.countsMoved() || behind(snapshot, byDay.keySet())) {
			if (written.after() != null) {
				propagate(byDay.keySet(), snapshot, written.after());
			}
			else {
				propagate(byDay.keySet());
			}
		}
	}

	/**
	 * What writing the rows did.
	 *
	 * @param after the days as they are after the write, when it went through at the
	 * first attempt (from the read of the whole chain); {@code null} when a day moved
	 * under it
	 */
	private record Rows(boolean countsMoved, Map<String, Document> after) {
	}

	private Rows writeRows(Map<String, Map<String, Row>> byDay, Map<String, Document> snapshot) {
		boolean countsMoved = false;
		Map<String, Document> days = snapshot;
		for (int attempt = 1;; attempt++) {
			List<WriteModel<Document>> writes = new ArrayList<>();
			Map<String, Document> after = new LinkedHashMap<>();
			for (Map.Entry<String, Map<String, Row>> day : byDay.entrySet()) {
				ListBucketChanges.Change change = ListBucketChanges.rows(day.getKey(), days.get(day.getKey()),
						day.getValue().values());
				if (change != null) {
					writes.add(change.write());
					countsMoved |= change.countsMoved();
					after.put(day.getKey(), change.after());
				}
				else if (days.get(day.getKey()) != null) {
					after.put(day.getKey(), days.get(day.getKey()));
				}
			}
			if (writes.isEmpty() || applied(writes)) {
				return new Rows(countsMoved, (attempt == 1) ? after : null);
			}
			giveUpAfter(attempt, "days " + byDay.keySet());
			List<String> fields = new ArrayList<>(List.of(REV, CREV));
			byDay.values()
				.forEach(
						(rows) -> rows.keySet().forEach((id) -> fields.add(ROWS + "." + ListBucketDocument.field(id))));
			days = read(byDay.keySet(), fields);
		}
	}

	/**
	 * Whether any node of a day's chain was, as read, behind its child: a write of counts
	 * that went through while the copies above it did not.
	 */
	private static boolean behind(Map<String, Document> snapshot, Set<String> days) {
		for (String day : days) {
			for (String node = day; !node.equals(ListBucketIds.ROOT); node = ListBucketIds.parent(node)) {
				if (ListBucketChanges.behind(snapshot.get(ListBucketIds.parent(node)), node, snapshot.get(node))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Brings the copies of these nodes' counts up to date in their parents, level by
	 * level up to the root.
	 */
	private void propagate(Set<String> days) {
		Set<String> children = days;
		while (!children.contains(ListBucketIds.ROOT)) {
			Map<String, Set<String>> byParent = byParent(children);
			copyCounts(byParent);
			children = byParent.keySet();
		}
	}

	/**
	 * The same from what is known without reading again: the chain as read before the
	 * rows were written, and the days as that write left them. Each level's write is
	 * computed from the parents as read and the children as known, and replaces only the
	 * parents' revisions read, so what it writes is what reading them again would have
	 * computed; the parents it wrote are then known as it left them. A level whose write
	 * finds a parent moved on by another writer goes on as {@link #propagate(Set)} does,
	 * reading again. A write of a new incident thus costs one read and one write per
	 * level (five round trips) instead of a read and a write per level after the days
	 * (eight).
	 */
	private void propagate(Set<String> days, Map<String, Document> snapshot, Map<String, Document> daysAfter) {
		Map<String, Document> known = new LinkedHashMap<>(daysAfter);
		Set<String> children = days;
		while (!children.contains(ListBucketIds.ROOT)) {
			Map<String, Set<String>> byParent = byParent(children);
			Map<String, Document> parentsAfter = new LinkedHashMap<>();
			List<WriteModel<Document>> writes = copies(byParent, snapshot, known, parentsAfter);
			if (!writes.isEmpty() && !applied(writes)) {
				copyCounts(byParent);
				propagate(byParent.keySet());
				return;
			}
			known.clear();
			known.putAll(parentsAfter);
			children = byParent.keySet();
		}
	}

	/**
	 * The writes that bring each parent's copies of its children up to the children's
	 * counts, from the parents and the children as given (a child not given is left as
	 * its copy is); {@code after} receives each parent as it is once they went through.
	 */
	private static List<WriteModel<Document>> copies(Map<String, Set<String>> byParent, Map<String, Document> parents,
			Map<String, Document> children, Map<String, Document> after) {
		List<WriteModel<Document>> writes = new ArrayList<>();
		byParent.forEach((parent, ofParent) -> {
			Map<String, Document> found = new LinkedHashMap<>();
			ofParent.stream().filter(children::containsKey).forEach((child) -> found.put(child, children.get(child)));
			ListBucketChanges.Change change = ListBucketChanges.parts(parent, parents.get(parent), found);
			if (change != null) {
				writes.add(change.write());
				after.put(parent, change.after());
			}
			else if (parents.get(parent) != null) {
				after.put(parent, parents.get(parent));
			}
		});
		return writes;
	}

	private static Map<String, Set<String>> byParent(Set<String> children) {
		Map<String, Set<String>> byParent = new TreeMap<>();
		children.forEach(
				(child) -> byParent.computeIfAbsent(ListBucketIds.parent(child), (p) -> new TreeSet<>()).add(child));
		return byParent;
	}

	private void copyCounts(Map<String, Set<String>> byParent) {
		Set<String> ids = new LinkedHashSet<>(byParent.keySet());
		List<String> fields = new ArrayList<>(List.of(REV, CREV, COUNTS));
		byParent.values().forEach((children) -> {
			ids.addAll(children);
			children.forEach((child) -> fields.add(PARTS + "." + child));
		});
		for (int attempt = 1;; attempt++) {
			Map<String, Document> nodes = read(ids, fields);
			List<WriteModel<Document>> writes = copies(byParent, nodes, nodes, new LinkedHashMap<>());
			if (writes.isEmpty() || applied(writes)) {
				return;
			}
			giveUpAfter(attempt, "parents " + byParent.keySet());
		}
	}

	/**
	 * Whether every write went through; {@code false} when one found its node moved on
	 * (no match, or a node inserted meanwhile).
	 */
	private boolean applied(List<WriteModel<Document>> writes) {
		try {
			BulkWriteResult result = this.buckets.bulkWrite(writes, new BulkWriteOptions().ordered(false));
			return result.getMatchedCount() + result.getInsertedCount() == writes.size();
		}
		catch (MongoBulkWriteException ex) {
			boolean onlyDuplicates = ex.getWriteErrors()
				.stream()
				.allMatch((error) -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
			if (!onlyDuplicates || ex.getWriteConcernError() != null) {
				throw ex;
			}
			return false;
		}
	}

	private static void giveUpAfter(int attempt, String what) {
		if (attempt >= ATTEMPTS) {
			throw new BucketsMoved("The incident list's " + what + " kept moving under " + ATTEMPTS
					+ " attempts to write them; the write is to be retried");
		}
	}

	private Map<String, Document> read(Collection<String> ids, List<String> fields) {
		Map<String, Document> nodes = new LinkedHashMap<>();
		List<String> all = new ArrayList<>(ids);
		for (int from = 0; from < all.size(); from += IDS_PER_READ) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_READ));
			for (Document node : this.buckets.find(new Document("_id", new Document("$in", chunk)))
				.projection(Projections.include(fields))) {
				nodes.put(node.getString("_id"), node);
			}
		}
		return nodes;
	}

	/**
	 * Other writers kept moving the nodes this write needed; retrying the write (from a
	 * fresh read) is safe.
	 */
	public static class BucketsMoved extends RuntimeException {

		BucketsMoved(String message) {
			super(message);
		}

	}

}
