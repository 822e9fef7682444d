package com.nimbus.incidents.query.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import com.nimbus.incidents.readmodel.ListBucketDocument.Node;
import com.nimbus.incidents.readmodel.ListBucketIds;

/**
 * One page of the incident list from the list buckets, newest first (declared at, then
 * incident id, descending), and how many incidents the filter selects; pure, over a
 * {@link Source} of nodes by id.
 * <p>
 * The total: the root's counts when the whole list is asked for by a status and at most
 * two of severity, service and region; otherwise the nodes are descended level by level,
 * each child counted from its copy in its parent when its span lies inside
 * {@code from}/{@code to} and the filter is counted there, skipped when its copy shows no
 * match, and read otherwise: the days that {@code from} and {@code to} cut, and for all
 * three of severity, service and region every day whose counts show each of their pairs
 * (the days read for a total are let go at once).
 * <p>
 * The page: from the root down, newest child first, a child whose count lies wholly
 * before the page is skipped by its count without being read; only the nodes holding the
 * page are read, a level at a time, and of the days only the matching rows are kept. Page
 * 0 of the whole list reads the root, a year, a month and the newest day or two.
 */
final class ListPager {

	/**
	 * The nodes of the buckets, read by id.
	 */
	interface Source {

		/**
		 * The nodes with these ids that exist, kept until the answer is written.
		 */
		Map<String, Node> nodes(Collection<String> ids);

		/**
		 * The days with these ids that exist, each passed to {@code each} and then let
		 * go.
		 */
		void days(Collection<String> ids, Consumer<Node> each);

	}

	record Page(List<Row> rows, long total) {
	}

	private static final Comparator<Row> NEWEST_FIRST = Comparator
		.comparing(Row::declaredAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
		.thenComparing(Row::incidentId)
		.reversed();

	private final Source source;

	private final ListSelection selection;

	/**
	 * Matching incidents under each node counted so far.
	 */
	private final Map<String, Long> known = new HashMap<>();

	/**
	 * The nodes above the days read so far.
	 */
	private final Map<String, Node> inner = new HashMap<>();

	private final List<Row> rows = new ArrayList<>();

	private long skip;

	private int size;

	private ListPager(Source source, ListSelection selection) {
		this.source = source;
		this.selection = selection;
	}

	static Page page(Source source, ListSelection selection, long skip, int size) {
		return new ListPager(source, selection).page(skip, size);
	}

	private Page page(long skip, int size) {
		Node root = this.source.nodes(List.of(ListBucketIds.ROOT)).get(ListBucketIds.ROOT);
		if (root == null) {
			return new Page(List.of(), 0);
		}
		this.inner.put(root.id(), root);
		long total = total(root);
		this.skip = skip;
		this.size = size;
		if (skip < total) {
			walk(root);
		}
		return new Page(List.copyOf(this.rows), total);
	}

	private long total(Node root) {
		if (this.selection.countable() && this.selection.span(root.id()) == ListSelection.Span.INSIDE) {
			return this.selection.count(root.counts());
		}
		List<Node> descended = new ArrayList<>();
		List<Node> level = List.of(root);
		while (!level.isEmpty()) {
			List<String> days = new ArrayList<>();
			List<String> deeper = new ArrayList<>();
			for (Node node : level) {
				descended.add(node);
				node.parts().forEach((child, counts) -> {
					Long count = this.selection.countWithoutReading(child, counts);
					if (count != null) {
						this.known.put(child, count);
					}
					else {
						(ListBucketIds.isDay(child) ? days : deeper).add(child);
					}
				});
			}
			days.forEach((day) -> this.known.put(day, 0L));
			this.source.days(days, (day) -> this.known.put(day.id(), (long) matching(day).size()));
			Map<String, Node> read = this.source.nodes(deeper);
			this.inner.putAll(read);
			level = new ArrayList<>(read.values());
		}
		for (int i = descended.size() - 1; i >= 0; i--) {
			Node node = descended.get(i);
			this.known.put(node.id(), node.parts().keySet().stream().mapToLong(this::known).sum());
		}
		return this.known.get(root.id());
	}

	private long known(String node) {
		return this.known.getOrDefault(node, 0L);
	}

	/**
	 * Matching incidents under a child, from what is known or from its copy;
	 * {@code null}: not known without reading it.
	 */
	private Long count(String child, Map<String, Long> copy) {
		Long count = this.known.get(child);
		return (count != null) ? count : this.selection.countWithoutReading(child, copy);
	}

	private void walk(Node node) {
		List<String> children = new ArrayList<>(node.parts().keySet());
		children.sort(Comparator.comparing(ListBucketIds::start).reversed());
		List<String> needed = needed(node, children);
		Map<String, List<Row>> days = matching(needed.stream().filter(ListBucketIds::isDay).toList());
		Map<String, Node> deeper = nodes(needed.stream().filter((child) -> !ListBucketIds.isDay(child)).toList());
		for (String child : children) {
			if (this.rows.size() == this.size) {
				return;
			}
			Long count = count(child, node.parts().get(child));
			if (count != null && this.skip >= count) {
				// wholly before the page (or nothing there): skipped without reading
				this.skip -= count;
				continue;
			}
			if (ListBucketIds.isDay(child)) {
				take(days.containsKey(child) ? days.get(child) : matching(List.of(child)).get(child));
				continue;
			}
			Node next = deeper.containsKey(child) ? deeper.get(child) : nodes(List.of(child)).get(child);
			if (next != null) {
				walk(next);
			}
		}
	}

	/**
	 * The children that, by their counts, hold the rest of the page: read at once.
	 */
	private List<String> needed(Node node, List<String> children) {
		List<String> needed = new ArrayList<>();
		long skipping = this.skip;
		long wanted = this.size - this.rows.size();
		for (String child : children) {
			Long count = count(child, node.parts().get(child));
			if (count == null) {
				needed.add(child);
				break;
			}
			if (count == 0) {
				continue;
			}
			if (skipping >= count) {
				skipping -= count;
				continue;
			}
			needed.add(child);
			wanted -= Math.min(count - skipping, wanted);
			skipping = 0;
			if (wanted == 0) {
				break;
			}
		}
		return needed;
	}

	/**
	 * The rows of these days that the filter selects, newest first; the days themselves
	 * are let go once their rows are picked.
	 */
	private Map<String, List<Row>> matching(List<String> days) {
		Map<String, List<Row>> matching = new HashMap<>();
		days.forEach((day) -> matching.put(day, List.of()));
		this.source.days(days, (day) -> matching.put(day.id(), matching(day)));
		return matching;
	}

	private Map<String, Node> nodes(List<String> ids) {
		Map<String, Node> found = new LinkedHashMap<>();
		List<String> missing = new ArrayList<>();
		for (String id : ids) {
			if (this.inner.containsKey(id)) {
				found.put(id, this.inner.get(id));
			}
			else {
				missing.add(id);
			}
		}
		if (!missing.isEmpty()) {
			found.putAll(this.source.nodes(missing));
		}
		return found;
	}

	private void take(List<Row> matching) {
		if (matching == null || this.skip >= matching.size()) {
			this.skip -= (matching != null) ? matching.size() : 0;
			return;
		}
		int from = (int) this.skip;
		int to = Math.min(matching.size(), from + this.size - this.rows.size());
		this.rows.addAll(matching.subList(from, to));
		this.skip = 0;
	}

	private List<Row> matching(Node day) {
		List<Row> matching = new ArrayList<>();
		for (Row row : day.rows()) {
			if (this.selection.matches(row)) {
				matching.add(row);
			}
		}
		matching.sort(NEWEST_FIRST);
		return matching;
	}

}
