package com.nimbus.incidents.query.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.query.incident.IncidentReadModels.ListFilter;
import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import com.nimbus.incidents.readmodel.ListBucketDocument;
import com.nimbus.incidents.readmodel.ListBucketIds;

/**
 * What a list filter selects, and how the counts of the list buckets
 * ({@link ListBucketDocument#countKeys}) count it: a status and at most one of severity,
 * service and region are one key per status, so such a filter is counted without reading
 * a row; two or more of them are not (the buckets do not count pairs), and then the
 * counts only tell which nodes may hold a match.
 */
final class ListSelection {

	/**
	 * Where a node's span lies against the filter's {@code from}/{@code to}.
	 */
	enum Span {

		OUTSIDE, INSIDE, ACROSS

	}

	private final ListFilter filter;

	private final List<String> statuses;

	/**
	 * The given ones of severity, service and region: dimension and value.
	 */
	private final List<String[]> dimensions = new ArrayList<>();

	ListSelection(ListFilter filter) {
		this.filter = filter;
		this.statuses = (filter.status() != null) ? List.of(filter.status())
				: Arrays.stream(IncidentStatus.values()).map(Enum::name).toList();
		add(ListBucketDocument.SEVERITY, filter.severity());
		add(ListBucketDocument.SERVICE, filter.service());
		add(ListBucketDocument.REGION, filter.region());
	}

	private void add(String dimension, String value) {
		if (value != null) {
			this.dimensions.add(new String[] { dimension, value });
		}
	}

	/**
	 * Whether {@link #count} answers for this filter.
	 */
	boolean countable() {
		return this.dimensions.size() <= 1;
	}

	/**
	 * How many incidents of these counts the filter selects (time aside).
	 */
	long count(Map<String, Long> counts) {
		if (!countable()) {
			throw new IllegalStateException("Two or more of severity, service and region are not counted");
		}
		return (this.dimensions.isEmpty()) ? sum(counts, null) : sum(counts, this.dimensions.get(0));
	}

	/**
	 * Whether a node with these counts may hold an incident the filter selects: every
	 * criterion has one there, though maybe not on the same incident.
	 */
	boolean mayMatch(Map<String, Long> counts) {
		if (this.dimensions.isEmpty()) {
			return sum(counts, null) > 0;
		}
		return this.dimensions.stream().allMatch((dimension) -> sum(counts, dimension) > 0);
	}

	private long sum(Map<String, Long> counts, String[] dimension) {
		long sum = 0;
		for (String status : this.statuses) {
			String key = (dimension != null) ? ListBucketDocument.key(status, dimension[0], dimension[1]) : status;
			sum += counts.getOrDefault(key, 0L);
		}
		return sum;
	}

	/**
	 * Whether the filter selects this row, time included.
	 */
	boolean matches(Row row) {
		ListFilter f = this.filter;
		return (f.status() == null || (row.status() != null && f.status().equals(row.status().name())))
				&& (f.severity() == null || (row.severity() != null && f.severity().equals(row.severity().name())))
				&& (f.service() == null || (row.services() != null && row.services().contains(f.service())))
				&& (f.region() == null || (row.regions() != null && row.regions().contains(f.region())))
				&& row.declaredAt() != null && (f.from() == null || !row.declaredAt().isBefore(f.from()))
				&& (f.to() == null || row.declaredAt().isBefore(f.to()));
	}

	/**
	 * Where the span of this node of the buckets lies against {@code [from, to)}.
	 */
	Span span(String node) {
		Instant start = ListBucketIds.start(node);
		Instant end = ListBucketIds.end(node);
		Instant from = this.filter.from();
		Instant to = this.filter.to();
		if ((to != null && start != null && !start.isBefore(to))
				|| (from != null && end != null && !end.isAfter(from))) {
			return Span.OUTSIDE;
		}
		boolean fromInside = from == null || (start != null && !start.isBefore(from));
		boolean toInside = to == null || (end != null && !end.isAfter(to));
		return (fromInside && toInside) ? Span.INSIDE : Span.ACROSS;
	}

	/**
	 * How many incidents under a node the filter selects, from its counts as its parent
	 * holds them, when that is known without reading it; {@code null} when it must be
	 * read.
	 */
	Long countWithoutReading(String node, Map<String, Long> counts) {
		Span span = span(node);
		if (span == Span.OUTSIDE || !mayMatch(counts)) {
			return 0L;
		}
		return (span == Span.INSIDE && countable()) ? count(counts) : null;
	}

}
