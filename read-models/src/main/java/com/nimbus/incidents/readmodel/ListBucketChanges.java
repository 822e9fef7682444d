package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.ListBucketDocument.CHILDREN;
import static com.nimbus.incidents.readmodel.ListBucketDocument.COUNTS;
import static com.nimbus.incidents.readmodel.ListBucketDocument.CREV;
import static com.nimbus.incidents.readmodel.ListBucketDocument.PARTS;
import static com.nimbus.incidents.readmodel.ListBucketDocument.REV;
import static com.nimbus.incidents.readmodel.ListBucketDocument.ROWS;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import org.bson.Document;

/**
 * The write that brings one node of {@link ListBucketDocument} up to date with what it
 * should hold, from the node as read; pure. Every write replaces only the revision read
 * ({@code {_id, rev}}, a plain filter that the unique index on {@code (_id, rev)} answers
 * by key) or inserts a node that was not there, so a write computed from a node that has
 * moved on since is refused and computed again from a fresh read; and a write that went
 * through is not computed again, since the node then holds what it should.
 */
final class ListBucketChanges {

	private ListBucketChanges() {
	}

	/**
	 * @param countsMoved whether the node's counts change (its parent's copy must follow)
	 * @param after the node once the write has gone through (its {@code rev},
	 * {@code crev}, {@code counts} and the rows or copies the node was read with, these
	 * written): what a read right after the write would give
	 */
	record Change(WriteModel<Document> write, boolean countsMoved, Document after) {
	}

	/**
	 * The write of these rows into their day: a row replaces only an older version of
	 * itself that lists differently, and the counts move by what the rows replaced
	 * counted for. {@code null} when the day holds every row at its version or later, or
	 * as it lists. Most events (notes, actions, updates, impacts) change nothing a row
	 * lists, so they do not rewrite the day: a stored row's version is that of its last
	 * listed change (the list takes each item's version from {@code incident_list}).
	 * @param stored the day as read, with at least {@code rev}, {@code crev} and the
	 * stored rows of these incidents; {@code null}: no such day
	 */
	static Change rows(String day, Document stored, Collection<Row> rows) {
		Document storedRows = (stored != null) ? stored.get(ROWS, Document.class) : null;
		Document set = new Document();
		Map<String, Long> delta = new TreeMap<>();
		for (Row row : rows) {
			String field = ListBucketDocument.field(row.incidentId());
			Document before = (storedRows != null) ? storedRows.get(field, Document.class) : null;
			if (before != null && (BsonFields.longValue(before, IncidentListDocument.VERSION) >= row.version()
					|| IncidentListDocument.decode(before).listsAs(row))) {
				continue;
			}
			set.append(field, IncidentListDocument.encode(row));
			if (before != null) {
				ListBucketDocument.countKeys(IncidentListDocument.decode(before))
					.forEach((key) -> delta.merge(key, -1L, Long::sum));
			}
			ListBucketDocument.countKeys(row).forEach((key) -> delta.merge(key, 1L, Long::sum));
		}
		if (set.isEmpty()) {
			return null;
		}
		return write(day, stored, ROWS, set, delta);
	}

	/**
	 * The write that brings the parent's copies of these children up to their counts: a
	 * copy replaces only one of an older {@code crev}, and the parent's counts move by
	 * the difference. {@code null} when every copy is current.
	 * @param stored the parent as read, with at least {@code rev}, {@code crev} and the
	 * copies of these children; {@code null}: no such node
	 * @param children the children as read, with {@code crev} and {@code counts}
	 */
	static Change parts(String parent, Document stored, Map<String, Document> children) {
		Document storedParts = (stored != null) ? stored.get(PARTS, Document.class) : null;
		Document set = new Document();
		Map<String, Long> delta = new TreeMap<>();
		children.forEach((child, node) -> {
			long crev = ListBucketDocument.rev(node, CREV);
			Document copy = (storedParts != null) ? storedParts.get(child, Document.class) : null;
			if (copy != null && ListBucketDocument.rev(copy, CREV) >= crev) {
				return;
			}
			Map<String, Long> counts = ListBucketDocument.counts(node);
			set.append(child, new Document(CREV, crev).append(COUNTS, new Document(counts)));
			ListBucketDocument.counts(copy).forEach((key, count) -> delta.merge(key, -count, Long::sum));
			counts.forEach((key, count) -> delta.merge(key, count, Long::sum));
		});
		if (set.isEmpty()) {
			return null;
		}
		return write(parent, stored, PARTS, set, delta);
	}

	/**
	 * Whether the copy of {@code child} in {@code parent} is behind the child's counts
	 * (either missing counts as behind).
	 */
	static boolean behind(Document parent, String child, Document childNode) {
		if (parent == null || childNode == null) {
			return true;
		}
		Document parts = parent.get(PARTS, Document.class);
		Document copy = (parts != null) ? parts.get(child, Document.class) : null;
		return copy == null || ListBucketDocument.rev(copy, CREV) < ListBucketDocument.rev(childNode, CREV);
	}

	private static Change write(String id, Document stored, String field, Document set, Map<String, Long> delta) {
		delta.values().removeIf((count) -> count == 0);
		boolean countsMoved = !delta.isEmpty();
		if (stored == null) {
			Document node = new Document("_id", id).append(REV, 1L)
				.append(CREV, 1L)
				.append(COUNTS, new Document(delta))
				.append(field, set);
			if (PARTS.equals(field)) {
				Document children = new Document();
				set.keySet().forEach((child) -> children.append(child, true));
				node.append(CHILDREN, children);
			}
			return new Change(new InsertOneModel<>(node), true, node);
		}
		long rev = ListBucketDocument.rev(stored, REV);
		Document fields = new Document();
		set.forEach((key, value) -> fields.append(field + "." + key, value));
		if (PARTS.equals(field)) {
			set.keySet().forEach((child) -> fields.append(CHILDREN + "." + child, true));
		}
		Document increments = new Document(REV, 1L);
		if (countsMoved) {
			increments.append(CREV, 1L);
			delta.forEach((key, count) -> increments.append(COUNTS + "." + key, count));
		}
		Document update = new Document("$set", fields).append("$inc", increments);
		// a plain filter, _id then rev: the unique index (_id, rev) finds it by key
		return new Change(new UpdateOneModel<>(new Document("_id", id).append(REV, rev), update), countsMoved,
				after(stored, field, set, delta, countsMoved));
	}

	/**
	 * The node as read, with the update applied as the store applies it.
	 */
	private static Document after(Document stored, String field, Document set, Map<String, Long> delta,
			boolean countsMoved) {
		Document after = new Document(stored);
		after.put(REV, ListBucketDocument.rev(stored, REV) + 1);
		if (countsMoved) {
			after.put(CREV, ListBucketDocument.rev(stored, CREV) + 1);
			Document counts = copyOf(stored, COUNTS);
			delta.forEach((key, count) -> counts.merge(key, count,
					(was, add) -> ((Number) was).longValue() + ((Number) add).longValue()));
			after.put(COUNTS, counts);
		}
		Document values = copyOf(stored, field);
		values.putAll(set);
		after.put(field, values);
		if (PARTS.equals(field)) {
			Document children = copyOf(stored, CHILDREN);
			set.keySet().forEach((child) -> children.append(child, true));
			after.put(CHILDREN, children);
		}
		return after;
	}

	/** A copy of the node's sub-document {@code field}, empty where it has none. */
	private static Document copyOf(Document node, String field) {
		Document copy = new Document();
		Document stored = node.get(field, Document.class);
		if (stored != null) {
			copy.putAll(stored);
		}
		return copy;
	}

}
