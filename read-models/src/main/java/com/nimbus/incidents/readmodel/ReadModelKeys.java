package com.nimbus.incidents.readmodel;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code _id}s of read-model documents: every hot read is by these keys, the access
 * path that is fast on any Mongo-protocol store.
 */
public final class ReadModelKeys {

	/**
	 * The key of the document of the impact windows open now in
	 * {@link ReadModelCollections#IMPACT_OPEN}.
	 */
	public static final String OPEN = "open";

	/**
	 * The {@code _id} of the one document in {@link ReadModelCollections#STATUS_PAGE}.
	 */
	public static final String STATUS_PAGE_ID = "public";

	/**
	 * The {@code _id} of the one document in {@link ReadModelCollections#STATUS_FEED}.
	 */
	public static final String STATUS_FEED_ID = "public";

	/**
	 * The one document of {@link ReadModelCollections#CATALOG}.
	 */
	public static final String CATALOG_ID = "names";

	/**
	 * The one document of {@link ReadModelCollections#CATALOG_ADMIN}.
	 */
	public static final String CATALOG_ADMIN_ID = "admin";

	private ReadModelKeys() {
	}

	/**
	 * The key of an incident's event in {@link ReadModelCollections#TIMELINE_ENTRIES} and
	 * {@link ReadModelCollections#LEGACY_IMPACT_FACTS}: the incident id and the
	 * zero-padded sequence, so keys sort in sequence order.
	 */
	public static String entryId(String incidentId, long sequence) {
		return incidentId + ":" + String.format("%010d", sequence);
	}

	/**
	 * The key of a customer's contract version in
	 * {@link ReadModelCollections#CONTRACT_VERSIONS}: the customer id and the zero-padded
	 * sequence.
	 */
	public static String contractVersionId(String customerId, long sequence) {
		return customerId + ":" + String.format("%010d", sequence);
	}

	/**
	 * The key of a month's bucket in {@link ReadModelCollections#IMPACT_MONTHS}:
	 * {@code YYYY-MM}.
	 */
	public static String month(YearMonth month) {
		return month.toString();
	}

	/**
	 * The key of the incidents whose open windows were ended by an event recorded in the
	 * month, in {@link ReadModelCollections#IMPACT_OPEN}: {@code closed-YYYY-MM}.
	 */
	public static String closedIn(YearMonth month) {
		return "closed-" + month;
	}

	/**
	 * The UTC months a span meets: its start month through the month of the last instant
	 * before its end; with no end (or none after the start), its start month.
	 */
	public static List<YearMonth> monthsOf(Instant start, Instant end) {
		YearMonth first = monthOf(start);
		YearMonth last = (end != null && end.isAfter(start)) ? monthOf(end.minusNanos(1)) : first;
		List<YearMonth> months = new ArrayList<>();
		for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
			months.add(month);
		}
		return months;
	}

	/**
	 * The UTC month of an instant.
	 */
	public static YearMonth monthOf(Instant instant) {
		return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
	}

	/**
	 * The key of a service in a region in
	 * {@link ReadModelCollections#COMPONENT_CUSTOMERS} and
	 * {@link ReadModelCollections#COMPONENT_MONTHS}: {@code service|region}.
	 */
	public static String component(String service, String region) {
		return service + "|" + region;
	}

	/**
	 * The key of a component's month in {@link ReadModelCollections#COMPONENT_INCIDENTS}:
	 * {@code service|region|YYYY-MM}, or {@code service|region|undated} for windows with
	 * no start.
	 */
	public static String componentMonth(String component, YearMonth month) {
		return component + "|" + ((month != null) ? month : "undated");
	}

}
