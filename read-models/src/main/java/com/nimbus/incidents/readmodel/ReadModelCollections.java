package com.nimbus.incidents.readmodel;

/**
 * The names of the read-model collections: written by the projector, read by the query
 * service and the benchmark. Renaming one here renames it for all of them.
 */
public final class ReadModelCollections {

	/**
	 * One document per incident, {@code _id} = incident id: the folded state.
	 */
	public static final String INCIDENT_SUMMARIES = "incident_summaries";

	/**
	 * One document per event, {@code _id} = {@link ReadModelKeys#entryId}.
	 */
	public static final String TIMELINE_ENTRIES = "timeline_entries";

	/**
	 * One document per impact event, {@code _id} = {@link ReadModelKeys#entryId}.
	 */
	public static final String IMPACT_FACTS = "impact_facts";

	/**
	 * One small document per incident with what the incident list filters, sorts and
	 * shows, {@code _id} = incident id.
	 */
	public static final String INCIDENT_LIST = "incident_list";

	/**
	 * The incident list by the day incidents were declared: a day's rows, and the counts
	 * of each day, month and year, {@code _id} = {@link ListBucketIds}. The list pages
	 * through it newest first by key.
	 */
	public static final String INCIDENT_LIST_BUCKETS = "incident_list_buckets";

	/**
	 * One document per contract version.
	 */
	public static final String CONTRACT_VERSIONS = "contract_versions";

	/**
	 * Incident events delivered ahead of a gap.
	 */
	public static final String PARKED_INCIDENT_EVENTS = "parked_incident_events";

	/**
	 * Contract events delivered ahead of a gap.
	 */
	public static final String PARKED_CONTRACT_EVENTS = "parked_contract_events";

	private ReadModelCollections() {
	}

}
