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
import com.nimbus.incidents.readmodel.ListBucketDocument.Criterion;
import com.nimbus.incidents.readmodel.ListBucketIds;

/**
 * What a list filter selects, and how the counts of the list buckets
 * ({@link ListBucketDocument#countKeys}) count it: a status and at most two of severity,
 * service and region are one key per status, so such a filter is counted without reading
 * a row; all three are not (the buckets count pairs, not triples), and then the counts of
 * the three pairs only tell which nodes may hold a match.
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
	 * The given ones of severity, service and region, in that order.
	 */
	private final List<Criterion> criteria = new ArrayList<>();

	/**
	 * Per status, the keys whose counts must all be above zero where an incident may
	 * match: the filter's own key, or with three criteria each of their pairs.
	 */
	private final List<List<String>> probes = new ArrayList<>();

	ListSelection(ListFilter filter) {
		this.filter = filter;
		this.statuses = (filter.status() != null) ? List.of(filter.status())
				: Arrays.stream(IncidentStatus.values()).map(Enum::name).toList();
		add(ListBucketDocument.SEVERITY, filter.severity());
		add(ListBucketDocument.SERVICE, filter.service());
		add(ListBucketDocument.REGION, filter.region());
		for (String status : this.statuses) {
			this.probes.add(countable() ? List.of(ListBucketDocument.key(status, this.criteria))
					: List.of(pair(status, 0, 1), pair(status, 0, 2), pair(status, 1, 2)));
		}
	}

	private void add(String dimension, String value) {
		if (value != null) {
			this.criteria.add(new Criterion(dimension, value));
		}
	}

	private String pair(String status, int first, int second) {
		return ListBucketDocument.key(status, List.of(this.criteria.get(first), this.criteria.get(second)));
	}

	/**
	 * Whether {@link #count} answers for this filter: a status and up to two of severity,
	 * service and region.
	 */
	boolean countable() {
		return this.criteria.size() <= 2;
	}

	/**
	 * How many incidents of these counts the filter selects (time aside): one key per
	 * status.
	 */
	long count(Map<String, Long> counts) {
		if (!countable()) {
			throw new IllegalStateException("Severity, service and region together are not counted");
		}
		long sum = 0;
		for (List<String> probe : this.probes) {
			sum += counts.getOrDefault(probe.get(0), 0L);
		}
		return sum;
	}

	/**
	 * Every count key this filter reads: the only ones a node's counts and its children's
	 * copies need to hold for it.
	 */
	List<String> countKeys() {
		return this.probes.stream().flatMap(List::stream).distinct().toList();
	}

	/**
	 * Whether a node with these counts may hold an incident the filter selects: exactly
	 * when counted; with all three criteria, when some status counts each of their pairs
	 * there, though maybe not on the same incident.
	 */
	boolean mayMatch(Map<String, Long> counts) {
		return this.probes.stream()
			.anyMatch((probe) -> probe.stream().allMatch((key) -> counts.getOrDefault(key, 0L) > 0));
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
