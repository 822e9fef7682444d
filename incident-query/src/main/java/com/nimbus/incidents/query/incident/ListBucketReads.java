package com.nimbus.incidents.query.incident;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.readmodel.ListBucketDocument;
import com.nimbus.incidents.readmodel.ListBucketDocument.Node;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * The list buckets read by {@code _id} ({@code $in}), the access path that stays fast on
 * any Mongo-protocol store, each document charged to the request's {@link ReadBudget}:
 * nodes kept until the answer is written, days read for a count given back a batch later.
 * <p>
 * A node above the days counts every key of one and two dimensions, for itself and in its
 * copy of each child: megabytes at the root of a million incidents. So it is read in two
 * steps, each projected: its children's names ({@link ListBucketDocument#CHILDREN}) and
 * its counts of the filter's keys, then its children's copies of those keys only. Days
 * are read whole: their rows are the page.
 */
final class ListBucketReads implements ListPager.Source {

	static final String BUCKETS = ReadModelCollections.INCIDENT_LIST_BUCKETS;

	private static final int IDS_PER_QUERY = 100;

	/**
	 * Nodes per query of their children's copies: the projection names each child and
	 * key.
	 */
	private static final int NODES_PER_COPY_QUERY = 10;

	/**
	 * Days per query of {@link #days}: each query's days are held until it ends, and a
	 * busy day holds hundreds of rows.
	 */
	private static final int DAYS_PER_QUERY = 4;

	private final MongoCollection<RawBsonDocument> buckets;

	private final ReadBudget budget;

	private final List<String> countKeys;

	/**
	 * @param countKeys the count keys the filter reads ({@link ListSelection#countKeys})
	 */
	ListBucketReads(MongoCollection<Document> buckets, ReadBudget budget, List<String> countKeys) {
		this.buckets = ReadBudget.raw(buckets);
		this.budget = budget;
		this.countKeys = List.copyOf(countKeys);
	}

	@Override
	public Map<String, Node> nodes(Collection<String> ids) {
		Map<String, Document> found = new LinkedHashMap<>();
		List<String> own = new ArrayList<>(List.of(ListBucketDocument.CHILDREN));
		this.countKeys.forEach((key) -> own.add(ListBucketDocument.COUNTS + "." + key));
		for (List<String> chunk : chunks(ids, IDS_PER_QUERY)) {
			List<Document> read = new ArrayList<>();
			this.budget.keepAll(find(chunk, own), read);
			read.forEach((document) -> found.put(document.getString("_id"), document));
		}
		for (List<String> chunk : chunks(found.keySet(), NODES_PER_COPY_QUERY)) {
			List<String> copies = new ArrayList<>();
			for (String id : chunk) {
				for (String child : children(found.get(id))) {
					this.countKeys.forEach((key) -> copies
						.add(ListBucketDocument.PARTS + "." + child + "." + ListBucketDocument.COUNTS + "." + key));
				}
			}
			if (copies.isEmpty()) {
				continue;
			}
			List<Document> read = new ArrayList<>();
			this.budget.keepAll(find(chunk, copies), read);
			read.forEach((document) -> found.get(document.getString("_id"))
				.append(ListBucketDocument.PARTS, document.get(ListBucketDocument.PARTS)));
		}
		Map<String, Node> nodes = new LinkedHashMap<>();
		found.forEach((id, document) -> {
			// a child whose copy holds none of the keys is still a child, counting none
			Document parts = document.get(ListBucketDocument.PARTS, Document.class);
			Document all = new Document();
			children(document).forEach((child) -> all.append(child,
					(parts != null && parts.get(child) != null) ? parts.get(child) : new Document()));
			nodes.put(id, ListBucketDocument.decode(document.append(ListBucketDocument.PARTS, all)));
		});
		return nodes;
	}

	private static List<String> children(Document node) {
		Document children = node.get(ListBucketDocument.CHILDREN, Document.class);
		return (children != null) ? new ArrayList<>(children.keySet()) : List.of();
	}

	private FindIterable<RawBsonDocument> find(List<String> ids, List<String> fields) {
		return this.buckets.find(new Document("_id", new Document("$in", ids))).projection(Projections.include(fields));
	}

	@Override
	public void days(Collection<String> ids, Consumer<Node> each) {
		for (List<String> chunk : chunks(ids, DAYS_PER_QUERY)) {
			this.budget.stream(this.buckets.find(new Document("_id", new Document("$in", chunk))), (document) -> {
				each.accept(ListBucketDocument.decode(document));
				return false;
			});
		}
	}

	private static List<List<String>> chunks(Collection<String> ids, int size) {
		List<String> all = new ArrayList<>(ids);
		List<List<String>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += size) {
			chunks.add(all.subList(from, Math.min(all.size(), from + size)));
		}
		return chunks;
	}

}
