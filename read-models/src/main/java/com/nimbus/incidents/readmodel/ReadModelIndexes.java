package com.nimbus.incidents.readmodel;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.conversions.Bson;

/**
 * The secondary indexes of the read models: one for every query that is not by
 * {@code _id}. Every other read is by {@code _id} (a point, {@code $in}, or a range of
 * one aggregate's keys), served by the {@code _id} index on any Mongo-protocol store.
 * <p>
 * The only such queries left are the incident list's: a filter on status, severity,
 * service, region or a range of {@code declaredAt}, newest first. A real MongoDB serves
 * each from an index that ends with the sort; the embedded store accepts them and keeps
 * scanning (it maintains unique indexes only). Creating an index that exists is a no-op,
 * so {@link #ensure} runs at every start and after every rebuild's drop.
 */
public final class ReadModelIndexes {

	/**
	 * The list's sort, last in every list index so that a page is read in order.
	 */
	private static final Bson NEWEST_FIRST = Indexes.descending("declaredAt", "_id");

	private ReadModelIndexes() {
	}

	/**
	 * A secondary index: the collection, its keys and its name.
	 */
	public record Declared(String collection, Bson keys, String name) {
	}

	public static List<Declared> declared() {
		return List.of(list("list_newest_first", null), list("list_by_status", "status"),
				list("list_by_severity", "severity"), list("list_by_service", "services"),
				list("list_by_region", "regions"));
	}

	/**
	 * Creates every declared index that does not exist yet.
	 */
	public static void ensure(MongoDatabase database) {
		for (Declared index : declared()) {
			database.getCollection(index.collection()).createIndex(index.keys(), new IndexOptions().name(index.name()));
		}
	}

	private static Declared list(String name, String field) {
		Bson keys = (field != null) ? Indexes.compoundIndex(Indexes.ascending(field), NEWEST_FIRST) : NEWEST_FIRST;
		return new Declared(ReadModelCollections.INCIDENT_LIST, keys, name);
	}

}
