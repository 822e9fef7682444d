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
	 * One document per incident, {@code _id} = incident id, holding the incident's impact
	 * events (reported, ended, corrected) as facts to fold as known at a time: see
	 * {@link com.nimbus.incidents.readmodel.impact.IncidentImpactFacts}.
	 */
	public static final String INCIDENT_IMPACT_FACTS = "incident_impact_facts";

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

	/**
	 * The SLA month buckets, {@code _id} = {@link ReadModelKeys#month}: the incidents any
	 * version of whose impact windows overlapped the month. See
	 * {@link com.nimbus.incidents.readmodel.impact.ImpactBuckets}.
	 */
	public static final String IMPACT_MONTHS = "impact_months";

	/**
	 * The windows open now ({@code _id} = {@link ReadModelKeys#OPEN}) and the incidents
	 * whose open windows were ended by an event recorded in a month ({@code _id} =
	 * {@link ReadModelKeys#closedIn}). See
	 * {@link com.nimbus.incidents.readmodel.impact.ImpactBuckets}.
	 */
	public static final String IMPACT_OPEN = "impact_open";

	/**
	 * One document per service in a region, {@code _id} =
	 * {@link ReadModelKeys#component}: the customers that ever contracted it. See
	 * {@link com.nimbus.incidents.readmodel.customer.Components}.
	 */
	public static final String COMPONENT_CUSTOMERS = "component_customers";

	/**
	 * One document per service in a region and month, {@code _id} =
	 * {@link ReadModelKeys#componentMonth}: the incidents with an impact window on it in
	 * that month. See {@link com.nimbus.incidents.readmodel.customer.Components}.
	 */
	public static final String COMPONENT_INCIDENTS = "component_incident_months";

	/**
	 * One document per service in a region, {@code _id} =
	 * {@link ReadModelKeys#component}: the months of {@link #COMPONENT_INCIDENTS} it has.
	 */
	public static final String COMPONENT_MONTHS = "component_months";

	/**
	 * One document of refs per customer, written by earlier versions: no longer written
	 * or read (a customer's incidents are found through its components), dropped at
	 * start.
	 */
	public static final String LEGACY_CUSTOMER_INCIDENTS = "customer_incidents";

	/**
	 * One document per component, written by earlier versions and replaced by
	 * {@link #COMPONENT_INCIDENTS}: moved into the months once at start, then dropped.
	 */
	public static final String LEGACY_COMPONENT_INCIDENTS = "component_incidents";

	/**
	 * One document per impact event, {@code _id} = {@link ReadModelKeys#entryId}, written
	 * by earlier versions and replaced by {@link #INCIDENT_IMPACT_FACTS}: no longer
	 * written or read, dropped by a rebuild.
	 */
	public static final String LEGACY_IMPACT_FACTS = "impact_facts";

	/**
	 * One document, {@code _id} = {@link ReadModelKeys#STATUS_PAGE_ID}: what the public
	 * status page shows, kept current by the projector (see
	 * {@link com.nimbus.incidents.readmodel.status.StatusPageCodec}).
	 */
	public static final String STATUS_PAGE = "status_page";

	/**
	 * One document, {@code _id} = {@link ReadModelKeys#STATUS_FEED_ID}: the latest public
	 * changes the status feed ({@code /api/status/feed.atom}) shows, kept by the
	 * projector in the same poll as {@link #STATUS_PAGE} (see
	 * {@link com.nimbus.incidents.readmodel.status.StatusFeedCodec}).
	 */
	public static final String STATUS_FEED = "status_feed";

	/**
	 * One document, {@code _id} = {@link ReadModelKeys#CATALOG_ID}: every service and
	 * region a contract or an incident has named, gathered by the projector with
	 * {@code $addToSet} (see
	 * {@link com.nimbus.incidents.readmodel.catalog.CatalogNames}).
	 */
	public static final String CATALOG = "catalog";

	/**
	 * One document, {@code _id} = {@link ReadModelKeys#CATALOG_ADMIN_ID}: the services
	 * and regions an admin listed ({@code PUT /api/catalog}), written by the command
	 * service alone and never dropped by a rebuild, which could not replay it (ADR 0023).
	 */
	public static final String CATALOG_ADMIN = "catalog_admin";

	private ReadModelCollections() {
	}

}
