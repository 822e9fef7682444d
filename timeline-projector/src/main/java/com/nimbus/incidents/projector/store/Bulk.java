package com.nimbus.incidents.projector.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * Bulk writes and {@code _id} reads of the views that only grow or are replaced by the
 * latest ({@code $addToSet}, {@code $max}): idempotent, so a write repeated by the retry
 * of a poll changes nothing.
 */
public final class Bulk {

	/**
	 * Ids per {@code $in} read.
	 */
	public static final int CHUNK = 1000;

	private Bulk() {
	}

	/**
	 * Applies the writes in order (one bulk write), if any.
	 */
	public static void write(MongoCollection<Document> collection, List<WriteModel<Document>> writes) {
		if (!writes.isEmpty()) {
			collection.bulkWrite(writes, new BulkWriteOptions().ordered(true));
		}
	}

	/**
	 * The documents with these ids, by id, read with {@code _id $in} in chunks of
	 * {@link #CHUNK}.
	 */
	public static Map<String, Document> byId(MongoCollection<Document> collection, Collection<String> ids) {
		Map<String, Document> found = new TreeMap<>();
		List<String> all = new ArrayList<>(new TreeSet<>(ids));
		for (int from = 0; from < all.size(); from += CHUNK) {
			for (Document document : collection
				.find(Filters.in("_id", all.subList(from, Math.min(all.size(), from + CHUNK))))) {
				found.put(document.getString("_id"), document);
			}
		}
		return found;
	}

	/**
	 * The sets the documents with these ids hold, by id (absent: empty).
	 */
	public static Map<String, Set<String>> sets(MongoCollection<Document> collection, Collection<String> ids,
			Function<Document, Set<String>> set) {
		Map<String, Set<String>> sets = new TreeMap<>();
		byId(collection, ids).forEach((id, document) -> sets.put(id, set.apply(document)));
		return sets;
	}

}
