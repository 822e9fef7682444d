package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import com.nimbus.incidents.readmodel.ListBucketDocument;
import com.nimbus.incidents.readmodel.ListBucketIds;
import org.bson.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list buckets as tests compare them: what they hold, without the revisions (which
 * count writes, and so differ between runs that group the same events into other polls)
 * and the rows' versions (those of their last listed change, likewise), and whether every
 * count is exact.
 */
public final class BucketsView {

	private BucketsView() {
	}

	/**
	 * Per node: its counts, and its rows by incident id (a day) or its parts' counts (the
	 * others), in no stored order.
	 */
	public static Map<String, Document> logical(MongoCollection<Document> buckets) {
		Map<String, Document> nodes = new TreeMap<>();
		for (Document stored : buckets.find()) {
			String id = stored.getString("_id");
			if (ListBucketIds.BACKFILLED.equals(id)) {
				nodes.put(id, new Document());
				continue;
			}
			ListBucketDocument.Node node = ListBucketDocument.decode(stored);
			Map<String, IncidentListDocument.Row> rows = new TreeMap<>();
			// a row's version is that of its last listed change, which depends on how the
			// events were grouped into polls
			node.rows().forEach((row) -> rows.put(row.incidentId(), row.withVersion(0)));
			nodes.put(id, new Document("counts", new TreeMap<>(node.counts())).append("rows", rows)
				.append("parts", new TreeMap<>(node.parts())));
		}
		return nodes;
	}

	/**
	 * Asserts that a day counts exactly its rows, that each copy in a parent is its
	 * child's counts, that a parent counts exactly its copies, and that every node is in
	 * its parent. Returns the root's counts.
	 */
	public static Map<String, Long> assertExact(MongoCollection<Document> buckets) {
		Map<String, ListBucketDocument.Node> nodes = new HashMap<>();
		for (Document stored : buckets.find()) {
			if (!ListBucketIds.BACKFILLED.equals(stored.getString("_id"))) {
				nodes.put(stored.getString("_id"), ListBucketDocument.decode(stored));
			}
		}
		for (ListBucketDocument.Node node : nodes.values()) {
			Map<String, Long> sum = new TreeMap<>();
			if (ListBucketIds.isDay(node.id())) {
				for (IncidentListDocument.Row row : node.rows()) {
					ListBucketDocument.countKeys(row).forEach((key) -> sum.merge(key, 1L, Long::sum));
				}
			}
			else {
				Document stored = buckets.find(new Document("_id", node.id())).first();
				assertThat(stored.get(ListBucketDocument.CHILDREN, Document.class).keySet())
					.as("children of " + node.id())
					.isEqualTo(node.parts().keySet());
				node.parts().forEach((child, counts) -> {
					assertThat(nodes).as("child " + child + " of " + node.id()).containsKey(child);
					assertThat(counts).as("copy of " + child + " in " + node.id()).isEqualTo(nodes.get(child).counts());
					counts.forEach((key, count) -> sum.merge(key, count, Long::sum));
				});
			}
			sum.values().removeIf((count) -> count == 0);
			assertThat(new TreeMap<>(node.counts())).as("counts of " + node.id()).isEqualTo(sum);
			if (!node.id().equals(ListBucketIds.ROOT)) {
				ListBucketDocument.Node parent = nodes.get(ListBucketIds.parent(node.id()));
				assertThat(parent).as("parent of " + node.id()).isNotNull();
				assertThat(parent.parts()).as("parts of " + parent.id()).containsKey(node.id());
			}
		}
		ListBucketDocument.Node root = nodes.get(ListBucketIds.ROOT);
		return (root != null) ? root.counts() : Map.of();
	}

	/**
	 * The ids of the rows of every day, in day order, then in id order.
	 */
	public static List<String> rowIds(MongoCollection<Document> buckets) {
		List<String> ids = new ArrayList<>();
		logical(buckets).forEach((id, node) -> {
			if (!id.equals(ListBucketIds.BACKFILLED) && ListBucketIds.isDay(id)) {
				ids.addAll(node.get("rows", Map.class).keySet());
			}
		});
		return ids;
	}

}
