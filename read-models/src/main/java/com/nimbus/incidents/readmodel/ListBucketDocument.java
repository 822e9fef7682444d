package com.nimbus.incidents.readmodel;

import java.util.ArrayList;
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
 * {@value #PARTS}, per child the copy of its {@value #CREV} and {@value #COUNTS}.</li>
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

	public static final String SEVERITY = "severity";

	public static final String SERVICE = "service";

	public static final String REGION = "region";

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
	 * What a row counts for, each once: its status ({@code OPEN}), and its status with
	 * its severity, each of its services and each of its regions
	 * ({@code OPEN|service:compute-api}). Any filter of the list by a status and at most
	 * one of severity, service and region is the sum of one key over the statuses asked
	 * for.
	 */
	public static Set<String> countKeys(Row row) {
		String status = (row.status() != null) ? row.status().name() : "NONE";
		Set<String> keys = new LinkedHashSet<>();
		keys.add(status);
		if (row.severity() != null) {
			keys.add(key(status, SEVERITY, row.severity().name()));
		}
		if (row.services() != null) {
			row.services().forEach((service) -> keys.add(key(status, SERVICE, service)));
		}
		if (row.regions() != null) {
			row.regions().forEach((region) -> keys.add(key(status, REGION, region)));
		}
		return keys;
	}

	/**
	 * The count key of a status with one value of a dimension ({@value #SEVERITY},
	 * {@value #SERVICE}, {@value #REGION}).
	 */
	public static String key(String status, String dimension, String value) {
		return status + "|" + dimension + ":" + field(value);
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
