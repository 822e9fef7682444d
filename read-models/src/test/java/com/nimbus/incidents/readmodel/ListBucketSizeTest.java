package com.nimbus.incidents.readmodel;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.mongodb.client.model.InsertOneModel;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sizes of the list buckets at 1,000,000 incidents over ten years (274 a day), 100
 * services and 20 regions, the shape ADR 17 measured: each incident on one service (a
 * quarter on two), in one region (a quarter in two), 2% open. The same tree is built with
 * the pair counts and without them (what ADR 17 first counted); the root's counts are
 * compared with counts over every row, keys of one and of two dimensions.
 */
class ListBucketSizeTest {

	private static final int INCIDENTS = 1_000_000;

	private static final LocalDate FIRST_DAY = LocalDate.parse("2016-01-01");

	private static final int DAYS = 3653;

	private static final int SERVICES = 100;

	private static final int REGIONS = 20;

	private static final int MAX_BSON = 16 * 1024 * 1024;

	@Test
	void aTreeOfAMillionIncidentsCountsEveryPairAndStaysUnderTheDocumentLimit() {
		Random random = new Random(17);
		Map<String, Long> expected = new HashMap<>();
		Sizes withPairs = new Sizes();
		Sizes single = new Sizes();
		Map<String, Map<String, Document>> daysByMonth = new TreeMap<>();
		int next = 0;
		for (int d = 0; d < DAYS; d++) {
			LocalDate date = FIRST_DAY.plusDays(d);
			int until = (int) ((long) INCIDENTS * (d + 1) / DAYS);
			List<Row> rows = new ArrayList<>();
			for (; next < until; next++) {
				Row row = row(next, date, random);
				rows.add(row);
				ListBucketDocument.countKeys(row).forEach((key) -> expected.merge(key, 1L, Long::sum));
			}
			Document day = inserted(ListBucketChanges.rows(date.toString(), null, rows));
			withPairs.day(size(day));
			single.day(size(singleOnly(day)));
			daysByMonth.computeIfAbsent(ListBucketIds.parent(date.toString()), (month) -> new LinkedHashMap<>())
				.put(date.toString(), countsOnly(day));
		}
		Map<String, Map<String, Document>> monthsByYear = new TreeMap<>();
		daysByMonth.forEach((month, days) -> {
			Document node = inserted(ListBucketChanges.parts(month, null, days));
			withPairs.month(size(node));
			single.month(size(singleOnly(node)));
			monthsByYear.computeIfAbsent(ListBucketIds.parent(month), (year) -> new LinkedHashMap<>())
				.put(month, countsOnly(node));
		});
		Map<String, Document> years = new LinkedHashMap<>();
		monthsByYear.forEach((year, months) -> {
			Document node = inserted(ListBucketChanges.parts(year, null, months));
			withPairs.year(size(node));
			single.year(size(singleOnly(node)));
			years.put(year, countsOnly(node));
		});
		Document root = inserted(ListBucketChanges.parts(ListBucketIds.ROOT, null, years));
		withPairs.root = size(root);
		single.root = size(singleOnly(root));

		assertThat(ListBucketDocument.counts(root)).isEqualTo(expected);
		assertThat(expected.get("RESOLVED") + expected.get("OPEN")).isEqualTo(INCIDENTS);
		assertThat(expected.keySet()).anyMatch((key) -> key.startsWith("OPEN|service:") && key.contains("|region:"));
		System.out.printf("count keys at the root: %d (%d without pairs)%n", expected.size(),
				expected.keySet().stream().filter((key) -> key.split("\\|").length <= 2).count());
		System.out.println("with pairs:    " + withPairs);
		System.out.println("without pairs: " + single);
		assertThat(List.of(withPairs.dayMax, withPairs.monthMax, withPairs.yearMax, withPairs.root))
			.allSatisfy((size) -> assertThat(size).isLessThan(MAX_BSON));
		assertThat(withPairs.root).isGreaterThan(single.root);
	}

	private static Row row(int n, LocalDate date, Random random) {
		Instant declared = date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
		boolean open = random.nextInt(50) == 0;
		List<String> services = new ArrayList<>(List.of(service(random)));
		if (random.nextInt(4) == 0) {
			services.add(service(random));
		}
		List<String> regions = new ArrayList<>(List.of(region(random)));
		if (random.nextInt(4) == 0) {
			regions.add(region(random));
		}
		return new Row(String.format("INC-%010d", n), 3 + random.nextInt(30),
				"Elevated errors in " + services.get(0) + " (" + regions.get(0) + ")",
				Severity.values()[random.nextInt(4)], open ? IncidentStatus.OPEN : IncidentStatus.RESOLVED, services,
				regions, declared, open ? null : declared.plus(Duration.ofMinutes(30 + random.nextInt(600))));
	}

	private static String service(Random random) {
		return "service-" + random.nextInt(SERVICES);
	}

	private static String region(Random random) {
		return "region-" + random.nextInt(REGIONS);
	}

	private static Document inserted(ListBucketChanges.Change change) {
		return ((InsertOneModel<Document>) change.write()).getDocument();
	}

	private static Document countsOnly(Document node) {
		return new Document("_id", node.get("_id")).append(ListBucketDocument.CREV, node.get(ListBucketDocument.CREV))
			.append(ListBucketDocument.COUNTS, node.get(ListBucketDocument.COUNTS));
	}

	/**
	 * The node as it would be without the pair counts.
	 */
	private static Document singleOnly(Document node) {
		Document copy = new Document();
		node.forEach((field, value) -> {
			if (ListBucketDocument.COUNTS.equals(field)) {
				Document counts = new Document();
				((Document) value).forEach((key, count) -> {
					if (key.split("\\|").length <= 2) {
						counts.append(key, count);
					}
				});
				copy.append(field, counts);
			}
			else if (ListBucketDocument.PARTS.equals(field)) {
				Document parts = new Document();
				((Document) value).forEach((child, part) -> parts.append(child, singleOnly((Document) part)));
				copy.append(field, parts);
			}
			else {
				copy.append(field, value);
			}
		});
		return copy;
	}

	private static int size(Document document) {
		return new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
	}

	/**
	 * Bytes per level: days and months as smallest, median and largest.
	 */
	private static final class Sizes {

		private final List<Integer> days = new ArrayList<>();

		private final List<Integer> months = new ArrayList<>();

		private final List<Integer> years = new ArrayList<>();

		int dayMax;

		int monthMax;

		int yearMax;

		int root;

		void day(int size) {
			this.days.add(size);
			this.dayMax = Math.max(this.dayMax, size);
		}

		void month(int size) {
			this.months.add(size);
			this.monthMax = Math.max(this.monthMax, size);
		}

		void year(int size) {
			this.years.add(size);
			this.yearMax = Math.max(this.yearMax, size);
		}

		@Override
		public String toString() {
			return "day " + spread(this.days) + ", month " + spread(this.months) + ", year " + spread(this.years)
					+ ", root " + kb(this.root);
		}

		private static String spread(List<Integer> sizes) {
			List<Integer> sorted = new ArrayList<>(sizes);
			sorted.sort(null);
			return kb(sorted.get(0)) + "/" + kb(sorted.get(sorted.size() / 2)) + "/"
					+ kb(sorted.get(sorted.size() - 1));
		}

		private static String kb(int bytes) {
			return String.format("%.0f KB", bytes / 1000.0);
		}

	}

}
