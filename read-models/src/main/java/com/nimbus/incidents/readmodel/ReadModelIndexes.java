package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.ReadModelIndex.asc;
import static com.nimbus.incidents.readmodel.ReadModelIndex.desc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import com.nimbus.incidents.readmodel.ReadModelIndex.Key;

/**
 * Every secondary index of the read models: one for each query that is not by
 * {@code _id}. The projector creates them at start and again after a rebuild has dropped
 * the collections. Adding an index is adding one line to {@link #ALL}.
 * <p>
 * A real MongoDB uses them. The embedded store (mongo-java-server) accepts and lists them
 * but uses none: it finds by {@code _id} and by unique indexes only and scans for the
 * rest (ADR 2), so every hot read stays by {@code _id}.
 * <p>
 * Reads by {@code _id} (summaries, entries, list rows, parked events, contract versions,
 * impact facts, month buckets, customer refs; a point, {@code $in} or one aggregate's
 * {@code _id} range) need no index of their own; reads of a whole collection (every
 * contract version for the month's report, dead letters) have no filter an index could
 * serve.
 */
public final class ReadModelIndexes {

	/**
	 * The list sorts newest first, ties broken by {@code _id} descending; each filter
	 * (status, severity, one service, one region) leads an index of its own, followed by
	 * the sort, which also serves the {@code declaredAt} range of
	 * {@code from}/{@code to}. Services and regions are arrays, which MongoDB cannot put
	 * in one compound index together. The count of a filtered list uses the same index.
	 */
	public static final List<ReadModelIndex> ALL = List.of(list("list_by_declared"),
			list("list_by_status", asc(IncidentListDocument.STATUS)),
			list("list_by_severity", asc(IncidentListDocument.SEVERITY)),
			list("list_by_service", asc(IncidentListDocument.SERVICES)),
			list("list_by_region", asc(IncidentListDocument.REGIONS)),
			// the projector's guarded replacements, {_id, version} by equality: the
			// embedded store uses an index only for a query naming exactly its keys, so
			// without these each replacement would scan the collection (a real MongoDB
			// finds them by _id either way; these cost it one more index entry a write)
			byIdAndVersion(ReadModelCollections.INCIDENT_SUMMARIES, "summary_by_id_and_version"),
			byIdAndVersion(ReadModelCollections.INCIDENT_LIST, "list_by_id_and_version"));

	private static ReadModelIndex byIdAndVersion(String collection, String name) {
		return new ReadModelIndex(collection, name, List.of(asc("_id"), asc("version")), true);
	}

	private ReadModelIndexes() {
	}

	/**
	 * Creates every index that does not exist yet; those that do are left as they are.
	 */
	public static void ensure(MongoDatabase database) {
		ALL.forEach((index) -> index.create(database));
	}

	/**
	 * The indexes of each collection that has any, in declaration order.
	 */
	public static Map<String, List<ReadModelIndex>> byCollection() {
		Map<String, List<ReadModelIndex>> byCollection = new LinkedHashMap<>();
		ALL.forEach(
				(index) -> byCollection.computeIfAbsent(index.collection(), (name) -> new ArrayList<>()).add(index));
		byCollection.replaceAll((collection, indexes) -> List.copyOf(indexes));
		return byCollection;
	}

	private static ReadModelIndex index(String collection, String name, Key... keys) {
		return new ReadModelIndex(collection, name, Arrays.asList(keys));
	}

	/**
	 * An index of the incident list: the filter's key, if any, then the list's order.
	 */
	private static ReadModelIndex list(String name, Key... filter) {
		List<Key> keys = new ArrayList<>(Arrays.asList(filter));
		keys.add(desc(IncidentListDocument.DECLARED_AT));
		keys.add(desc(IncidentListDocument.ID));
		return new ReadModelIndex(ReadModelCollections.INCIDENT_LIST, name, keys);
	}

}
