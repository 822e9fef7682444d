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
 * but uses none: it finds by {@code _id} and by unique indexes only, and only when the
 * query names exactly the index's keys, with equality (ADR 2); it scans for the rest, so
 * every hot read stays by {@code _id}. The unique indexes here,
 * {@code summary_by_id_and_version}, {@code list_by_id_and_version} and
 * {@code buckets_by_revision}, are for the embedded store: they make the projector's
 * guarded writes ({@code {_id, version}}, {@code {_id, rev}}) lookups by key there.
 * <p>
 * Reads by {@code _id} (summaries, entries, list rows, parked events, contract versions,
 * impact facts, month buckets, customer refs; a point, {@code $in} or one aggregate's
 * {@code _id} range) need no index of their own; reads of a whole collection (every
 * contract version for the month's report, dead letters) have no filter an index could
 * serve.
 */
public final class ReadModelIndexes {

	/**
	 * {@code incident_list} sorted newest first, ties broken by {@code _id} descending;
	 * each filter (status, severity, one service, one region) leads an index of its own,
	 * followed by the sort, which also serves the {@code declaredAt} range of
	 * {@code from}/{@code to}. Services and regions are arrays, which MongoDB cannot put
	 * in one compound index together. The list endpoint itself reads
	 * {@code incident_list_buckets} by {@code _id} (ADR 17), which needs none of them.
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
			byIdAndVersion(ReadModelCollections.INCIDENT_LIST, "list_by_id_and_version"),
			// a list bucket replaced only at the revision read, {_id, rev}: unique, for
			// the
			// same reason
			unique(ReadModelCollections.INCIDENT_LIST_BUCKETS, "buckets_by_revision", asc("_id"),
					asc(ListBucketDocument.REV)));

	private static ReadModelIndex byIdAndVersion(String collection, String name) {
		return unique(collection, name, asc("_id"), asc("version"));
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

	private static ReadModelIndex unique(String collection, String name, Key... keys) {
		return new ReadModelIndex(collection, name, Arrays.asList(keys), true);
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
