package com.nimbus.incidents.readmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import org.bson.Document;

/**
 * A document of {@link ReadModelCollections#INCIDENT_LIST_BUCKETS}, {@code _id} =
 * {@link ListBucketIds}:
 * <ul>
 * <li>{@value #REV}: moves on with every write; each write replaces only the revision it
 * read (a unique index on {@code (_id, rev)} lets the embedded store find it by
 * key);</li>
 * <li>{@value #CREV}: moves on whenever {@value #COUNTS} change, so a parent's copy knows
 * whether it is behind;</li>
 * <li>{@value #COUNTS}: how many incidents below the node have each
 * {@linkplain #countKeys count key};</li>
 * <li>a day: {@value #ROWS}, the list row ({@link IncidentListDocument}) of each incident
 * declared that day, by {@linkplain #field escaped} incident id; the others:
 * {@value #PARTS}, per child the copy of its {@value #CREV} and {@value #COUNTS}, and
 * {@value #CHILDREN}, the children's ids alone, so that a reader can read the copies of
 * only the keys it counts (a node's counts of pairs run to megabytes).</li>
 * </ul>
 * A node's counts are always the sum of its rows (or of its parts' copies): each write
 * changes both in one atomic update.
 */
public final class ListBucketDocument {

	public static final String REV = "rev";

	public static final String CREV = "crev";

	public static final String COUNTS = "counts";

	public static final String ROWS = "rows";

	public static final String PARTS = "parts";

	/**
	 * Of a node above the days: its children's ids, each to {@code true}, set with its
	 * copy in {@value #PARTS}: what a reader needs to name the copies it projects.
	 */
	public static final String CHILDREN = "children";

	public static final String SEVERITY = "severity";

	public static final String SERVICE = "service";

	public static final String REGION = "region";

	/**
	 * The dimensions in the order a count key names them.
	 */
	public static final List<String> DIMENSIONS = List.of(SEVERITY, SERVICE, REGION);

	/**
	 * Which count keys the stored counts hold, recorded with
	 * {@link ListBucketIds#BACKFILLED}: 2 counts a status alone, with one and with two
	 * dimensions; buckets without it (written before pairs were counted) are written
	 * again from the list rows at start.
	 */
	public static final int KEYS = 2;

	/**
	 * The field of the {@link ListBucketIds#BACKFILLED} marker that holds {@link #KEYS}.
	 */
	public static final String KEYS_FIELD = "keys";

	private ListBucketDocument() {
	}

	/**
	 * A node as read: its counts, its parts' counts (inner nodes) or its rows (days).
	 */
	public record Node(String id, Map<String, Long> counts, Map<String, Map<String, Long>> parts, List<Row> rows) {

		public Node {
			counts = Map.copyOf(counts);
			parts = Map.copyOf(parts);
			rows = List.copyOf(rows);
		}

	}

	public static Node decode(Document document) {
		Map<String, Map<String, Long>> parts = new LinkedHashMap<>();
		Document storedParts = document.get(PARTS, Document.class);
		if (storedParts != null) {
			storedParts.forEach((child, copy) -> parts.put(child, counts((Document) copy)));
		}
		List<Row> rows = new ArrayList<>();
		Document storedRows = document.get(ROWS, Document.class);
		if (storedRows != null) {
			storedRows.values().forEach((row) -> rows.add(IncidentListDocument.decode((Document) row)));
		}
		return new Node(document.getString("_id"), counts(document), parts, rows);
	}

	/**
	 * The {@value #COUNTS} of a node or of a part's copy, zeros left out.
	 */
	public static Map<String, Long> counts(Document document) {
		Map<String, Long> counts = new LinkedHashMap<>();
		Document stored = (document != null) ? document.get(COUNTS, Document.class) : null;
		if (stored != null) {
			stored.forEach((key, value) -> {
				long count = ((Number) value).longValue();
				if (count != 0) {
					counts.put(key, count);
				}
			});
		}
		return counts;
	}

	public static long rev(Document document, String field) {
		Number value = (document != null) ? document.get(field, Number.class) : null;
		return (value != null) ? value.longValue() : 0;
	}

	/**
	 * What a row counts for, each once: its status ({@code OPEN}); its status with its
	 * severity, each of its services and each of its regions
	 * ({@code OPEN|service:compute-api}); and its status with each pair of them, in the
	 * order severity, service, region ({@code OPEN|severity:SEV1|service:compute-api},
	 * {@code OPEN|severity:SEV1|region:eu-west-1},
	 * {@code OPEN|service:compute-api|region:eu-west-1}). Any filter of the list by a
	 * status and at most two of severity, service and region is the sum of one key over
	 * the statuses asked for; all three are not counted.
	 */
	public static Set<String> countKeys(Row row) {
		String status = (row.status() != null) ? row.status().name() : "NONE";
		List<Criterion> severities = (row.severity() != null) ? List.of(new Criterion(SEVERITY, row.severity().name()))
				: List.of();
		List<Criterion> services = criteria(SERVICE, row.services());
		List<Criterion> regions = criteria(REGION, row.regions());
		Set<String> keys = new LinkedHashSet<>();
		keys.add(status);
		for (List<Criterion> dimension : List.of(severities, services, regions)) {
			dimension.forEach((criterion) -> keys.add(key(status, List.of(criterion))));
		}
		pairs(status, severities, services, keys);
		pairs(status, severities, regions, keys);
		pairs(status, services, regions, keys);
		return keys;
	}

	private static List<Criterion> criteria(String dimension, List<String> values) {
		return (values != null) ? values.stream().distinct().map((value) -> new Criterion(dimension, value)).toList()
				: List.of();
	}

	private static void pairs(String status, List<Criterion> first, List<Criterion> second, Set<String> keys) {
		for (Criterion a : first) {
			for (Criterion b : second) {
				keys.add(key(status, List.of(a, b)));
			}
		}
	}

	/**
	 * One value of a dimension of the list's filter: {@value #SEVERITY},
	 * {@value #SERVICE} or {@value #REGION}.
	 */
	public record Criterion(String dimension, String value) {

		public Criterion {
			if (!DIMENSIONS.contains(dimension)) {
				throw new IllegalArgumentException("Not a dimension of the list: " + dimension);
			}
		}

	}

	/**
	 * The count key of a status with one value of a dimension ({@value #SEVERITY},
	 * {@value #SERVICE}, {@value #REGION}).
	 */
	public static String key(String status, String dimension, String value) {
		return key(status, List.of(new Criterion(dimension, value)));
	}

	/**
	 * The count key of a status with one value of each of these dimensions (none, one or
	 * two; each dimension once), whatever their order.
	 */
	public static String key(String status, List<Criterion> criteria) {
		if (criteria.size() > 2) {
			throw new IllegalArgumentException("Counts go up to two dimensions: " + criteria);
		}
		StringBuilder key = new StringBuilder(status);
		criteria.stream()
			.sorted(Comparator.comparingInt((Criterion criterion) -> DIMENSIONS.indexOf(criterion.dimension())))
			.forEach((criterion) -> key.append('|')
				.append(criterion.dimension())
				.append(':')
				.append(value(criterion.value())));
		return key.toString();
	}

	/**
	 * A dimension's value in a count key: a {@linkplain #field field name}, with
	 * {@code |} percent-encoded too, so that no value reads as a second dimension.
	 */
	static String value(String name) {
		return field(name).replace("|", "%7C");
	}

	/**
	 * A name as a field name: {@code %}, {@code .}, {@code $} and NUL percent-encoded, so
	 * that a service named {@code a.b} is one field, not a path.
	 */
	public static String field(String name) {
		StringBuilder field = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			switch (c) {
				case '%' -> field.append("%25");
				case '.' -> field.append("%2E");
				case '$' -> field.append("%24");
				case '\0' -> field.append("%00");
				default -> field.append(c);
			}
		}
		return field.toString();
	}

}
