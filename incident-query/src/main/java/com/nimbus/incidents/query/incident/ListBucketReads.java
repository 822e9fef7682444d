package com.nimbus.incidents.query.incident;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.mongodb.client.MongoCollection;
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
 */
final class ListBucketReads implements ListPager.Source {

	static final String BUCKETS = ReadModelCollections.INCIDENT_LIST_BUCKETS;

	private static final int IDS_PER_QUERY = 100;

	/**
	 * Days per query of {@link #days}: each query's days are held until it ends, and a
	 * busy day holds hundreds of rows.
	 */
	private static final int DAYS_PER_QUERY = 4;

	private final MongoCollection<RawBsonDocument> buckets;

	private final ReadBudget budget;

	ListBucketReads(MongoCollection<Document> buckets, ReadBudget budget) {
		this.buckets = ReadBudget.raw(buckets);
		this.budget = budget;
	}

	@Override
	public Map<String, Node> nodes(Collection<String> ids) {
		Map<String, Node> nodes = new LinkedHashMap<>();
		for (List<String> chunk : chunks(ids, IDS_PER_QUERY)) {
			List<Document> found = new ArrayList<>();
			this.budget.keepAll(this.buckets.find(new Document("_id", new Document("$in", chunk))), found);
			found.forEach((document) -> nodes.put(document.getString("_id"), ListBucketDocument.decode(document)));
		}
		return nodes;
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
