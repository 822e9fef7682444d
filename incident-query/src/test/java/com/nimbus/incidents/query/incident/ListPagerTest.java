package com.nimbus.incidents.query.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.query.incident.IncidentReadModels.ListFilter;
import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import com.nimbus.incidents.readmodel.ListBucketDocument;
import com.nimbus.incidents.readmodel.ListBucketDocument.Node;
import com.nimbus.incidents.readmodel.ListBucketIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging the list buckets gives what sorting and counting every row would, for every
 * filter, page size and page; and it reads only the nodes that hold the page.
 */
class ListPagerTest {

	private static final Comparator<Row> NEWEST_FIRST = Comparator.comparing(Row::declaredAt)
		.thenComparing(Row::incidentId)
		.reversed();

	/**
	 * Buckets as the projector leaves them, built straight from rows, recording reads.
	 */
	static final class Buckets implements ListPager.Source {

		final Map<String, Node> nodes = new HashMap<>();

		final List<String> read = new ArrayList<>();

		Buckets(List<Row> rows) {
			Map<String, List<Row>> days = new TreeMap<>();
			rows.forEach((row) -> days.computeIfAbsent(ListBucketIds.day(row.declaredAt()), (d) -> new ArrayList<>())
				.add(row));
			Map<String, Map<String, Map<String, Long>>> dayParts = new TreeMap<>();
			days.forEach((day, dayRows) -> {
				Map<String, Long> counts = new TreeMap<>();
				dayRows
					.forEach((row) -> ListBucketDocument.countKeys(row).forEach((k) -> counts.merge(k, 1L, Long::sum)));
				this.nodes.put(day, new Node(day, counts, Map.of(), dayRows));
				add(dayParts, day, counts);
			});
			Map<String, Map<String, Map<String, Long>>> parts = dayParts;
			for (int level = 0; level < 3; level++) {
				Map<String, Map<String, Map<String, Long>>> above = new TreeMap<>();
				parts.forEach((id, children) -> {
					Map<String, Long> counts = new TreeMap<>();
					children.values().forEach((c) -> c.forEach((k, n) -> counts.merge(k, n, Long::sum)));
					this.nodes.put(id, new Node(id, counts, children, List.of()));
					if (!id.equals(ListBucketIds.ROOT)) {
						add(above, id, counts);
					}
				});
				parts = above;
			}
		}

		private static void add(Map<String, Map<String, Map<String, Long>>> parts, String child,
				Map<String, Long> counts) {
			parts.computeIfAbsent(ListBucketIds.parent(child), (p) -> new LinkedHashMap<>()).put(child, counts);
		}

		@Override
		public Map<String, Node> nodes(Collection<String> ids) {
			Map<String, Node> found = new LinkedHashMap<>();
			ids.forEach((id) -> {
				this.read.add(id);
				if (this.nodes.containsKey(id)) {
					found.put(id, this.nodes.get(id));
				}
			});
			return found;
		}

		@Override
		public void days(Collection<String> ids, Consumer<Node> each) {
			nodes(ids).values().forEach(each);
		}

	}

	private static List<Row> rows(int count, long seed) {
		Random random = new Random(seed);
		List<String> services = List.of("compute-api", "dns", "api.v2");
		Instant first = Instant.parse("2020-11-20T00:00:00Z");
		List<Row> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			// some incidents share a time: ties are broken by id
			Instant declaredAt = first.plusSeconds(3_600L * random.nextInt(24 * 450));
			IncidentStatus status = random.nextBoolean() ? IncidentStatus.OPEN : IncidentStatus.RESOLVED;
			rows.add(new Row(String.format("INC-%04d", random.nextInt(10_000)) + "-" + i, i, "Incident " + i,
					Severity.values()[random.nextInt(4)], status, List.of(services.get(random.nextInt(3))),
					List.of(random.nextBoolean() ? "us-east-1" : "eu-west-1"), declaredAt,
					(status == IncidentStatus.RESOLVED) ? declaredAt.plusSeconds(60) : null));
		}
		rows.add(new Row("INC-TIE-A", 1, "tie", Severity.SEV1, IncidentStatus.OPEN, List.of("dns"),
				List.of("us-east-1"), Instant.parse("2021-06-01T10:00:00Z"), null));
		rows.add(new Row("INC-TIE-B", 1, "tie", Severity.SEV1, IncidentStatus.OPEN, List.of("dns"),
				List.of("us-east-1"), Instant.parse("2021-06-01T10:00:00Z"), null));
		return rows;
	}

	private static ListFilter filter(String status, String severity, String service, String region, String from,
			String to) {
		return new ListFilter(status, severity, service, region, (from != null) ? Instant.parse(from) : null,
				(to != null) ? Instant.parse(to) : null);
	}

	@Test
	void everyPageOfEveryFilterIsTheSortedFilteredRows() {
		List<Row> rows = rows(300, 7);
		Buckets buckets = new Buckets(rows);
		List<ListFilter> filters = List.of(filter(null, null, null, null, null, null),
				filter("OPEN", null, null, null, null, null), filter(null, "SEV1", null, null, null, null),
				filter("RESOLVED", null, "api.v2", null, null, null), filter(null, null, null, "eu-west-1", null, null),
				filter("OPEN", "SEV2", "dns", null, null, null), filter(null, "SEV3", null, "us-east-1", null, null),
				filter(null, null, null, null, "2021-03-15T12:00:00Z", "2021-09-02T00:00:00Z"),
				filter(null, null, null, null, "2021-01-01T00:00:00Z", "2022-01-01T00:00:00Z"),
				filter("OPEN", null, "dns", null, null, "2021-05-01T00:00:00Z"),
				filter(null, "SEV1", "compute-api", "us-east-1", "2021-02-10T06:00:00Z", null),
				filter(null, null, "no-such-service", null, null, null),
				filter(null, null, null, null, "2022-01-01T00:00:00Z", "2021-01-01T00:00:00Z"));
		for (ListFilter filter : filters) {
			ListSelection selection = new ListSelection(filter);
			List<Row> expected = rows.stream().filter(selection::matches).sorted(NEWEST_FIRST).toList();
			for (int size : List.of(1, 3, 7, 20, 200)) {
				for (int page = 0; (long) page * size <= expected.size(); page++) {
					ListPager.Page found = ListPager.page(buckets, selection, (long) page * size, size);
					List<Row> want = expected.subList(Math.min(expected.size(), page * size),
							Math.min(expected.size(), (page + 1) * size));
					assertThat(found.total()).as(filter + " total").isEqualTo(expected.size());
					assertThat(found.rows()).as(filter + " page " + page + " of " + size).isEqualTo(want);
				}
			}
		}
	}

	@Test
	void theFirstPageOfTheWholeListReadsTheNewestDayAndItsParentsOnly() {
		List<Row> rows = new ArrayList<>(rows(300, 11));
		for (int i = 0; i < 25; i++) {
			rows.add(new Row("INC-NEW-" + i, 0, "new", Severity.SEV2, IncidentStatus.OPEN, List.of("dns"),
					List.of("us-east-1"), Instant.parse("2022-03-04T10:00:00Z").plusSeconds(i), null));
		}
		Buckets buckets = new Buckets(rows);

		ListPager.Page page = ListPager.page(buckets, new ListSelection(filter(null, null, null, null, null, null)), 0,
				20);

		assertThat(page.total()).isEqualTo(rows.size());
		assertThat(page.rows()).extracting(Row::incidentId).startsWith("INC-NEW-24", "INC-NEW-23");
		assertThat(buckets.read).containsExactly("all", "2022", "2022-03", "2022-03-04");
	}

	@Test
	void aPageInAnOlderMonthIsReachedBySkippingNewerOnesByTheirCounts() {
		List<Row> rows = rows(300, 13);
		Buckets buckets = new Buckets(rows);
		ListSelection open = new ListSelection(filter("OPEN", null, null, null, null, null));
		List<Row> expected = rows.stream().filter(open::matches).sorted(NEWEST_FIRST).toList();
		int page = expected.size() / 10 - 1;

		ListPager.Page found = ListPager.page(buckets, open, page * 10L, 10);

		assertThat(found.rows()).isEqualTo(expected.subList(page * 10, page * 10 + 10));
		List<String> days = buckets.read.stream().filter(ListBucketIds::isDay).toList();
		String newest = ListBucketIds.day(found.rows().get(0).declaredAt());
		String oldest = ListBucketIds.day(found.rows().get(9).declaredAt());
		assertThat(days).as("only the days of the page are read")
			.allSatisfy((day) -> assertThat(day).isBetween(oldest, newest));
	}

	@Test
	void allThreeOfSeverityServiceAndRegionReadOnlyTheDaysWhoseCountsShowEachPair() {
		List<Row> rows = new ArrayList<>(rows(200, 17));
		rows.add(new Row("INC-RARE", 0, "rare", Severity.SEV4, IncidentStatus.OPEN, List.of("rare-service"),
				List.of("ap-south-1"), Instant.parse("2021-04-04T04:00:00Z"), null));
		Buckets buckets = new Buckets(rows);

		ListPager.Page found = ListPager.page(buckets,
				new ListSelection(filter(null, "SEV4", "rare-service", "ap-south-1", null, null)), 0, 20);

		assertThat(found.total()).isEqualTo(1);
		assertThat(found.rows()).extracting(Row::incidentId).containsExactly("INC-RARE");
		assertThat(buckets.read.stream().filter(ListBucketIds::isDay).distinct()).containsExactly("2021-04-04");
	}

	@Test
	void twoOfSeverityServiceAndRegionAreCountedByKeyAndPageLikeTheFilteredRows() {
		List<Row> rows = rows(400, 19);
		Buckets buckets = new Buckets(rows);
		List<ListFilter> filters = List.of(filter(null, "SEV2", "dns", null, null, null),
				filter("OPEN", "SEV1", null, "us-east-1", null, null),
				filter(null, null, "compute-api", "eu-west-1", null, null),
				filter("RESOLVED", null, "api.v2", "us-east-1", "2021-02-10T06:00:00Z", "2021-11-03T00:00:00Z"));
		for (ListFilter filter : filters) {
			ListSelection selection = new ListSelection(filter);
			// brute force: every row, filtered and sorted
			List<Row> expected = rows.stream().filter(selection::matches).sorted(NEWEST_FIRST).toList();
			assertThat(expected).as(filter + " selects some rows").isNotEmpty();
			for (int size : List.of(1, 5, 20)) {
				for (int page = 0; (long) page * size <= expected.size(); page++) {
					ListPager.Page found = ListPager.page(buckets, selection, (long) page * size, size);
					assertThat(found.total()).as(filter + " total").isEqualTo(expected.size());
					assertThat(found.rows()).as(filter + " page " + page + " of " + size)
						.isEqualTo(expected.subList(Math.min(expected.size(), page * size),
								Math.min(expected.size(), (page + 1) * size)));
				}
			}
		}

		ListSelection severityAndService = new ListSelection(filters.get(0));
		buckets.read.clear();
		ListPager.Page found = ListPager.page(buckets, severityAndService, 5, 5);

		assertThat(found.total()).isEqualTo(rows.stream().filter(severityAndService::matches).count());
		List<String> pageDays = found.rows().stream().map((row) -> ListBucketIds.day(row.declaredAt())).toList();
		assertThat(buckets.read.stream().filter(ListBucketIds::isDay))
			.as("counted from the root; the days skipped by their counts, only those of the page read")
			.isNotEmpty()
			.allSatisfy((day) -> assertThat(pageDays).contains(day));
	}

	@Test
	void noBucketsNoIncidents() {
		ListPager.Page found = ListPager.page(new Buckets(List.of()),
				new ListSelection(filter(null, null, null, null, null, null)), 0, 20);

		assertThat(found.total()).isZero();
		assertThat(found.rows()).isEmpty();
	}

}
