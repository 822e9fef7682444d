package com.nimbus.incidents.readmodel;

/**
 * The {@code _id}s of read-model documents: every hot read is by these keys, the access
 * path that is fast on any Mongo-protocol store.
 */
public final class ReadModelKeys {

	/**
	 * The {@code _id} of the one document in {@link ReadModelCollections#STATUS_PAGE}.
	 */
	public static final String STATUS_PAGE_ID = "public";

	private ReadModelKeys() {
	}

	/**
	 * The key of an incident's event in {@link ReadModelCollections#TIMELINE_ENTRIES} and
	 * {@link ReadModelCollections#IMPACT_FACTS}: the incident id and the zero-padded
	 * sequence, so keys sort in sequence order.
	 */
	public static String entryId(String incidentId, long sequence) {
		return incidentId + ":" + String.format("%010d", sequence);
	}

}
