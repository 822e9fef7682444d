package com.nimbus.incidents.readmodel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The {@code _id}s of {@link ReadModelCollections#INCIDENT_LIST_BUCKETS}: a tree over
 * time, by the UTC day an incident was declared. A day ({@code 2021-12-07}) holds the
 * list rows of the incidents declared on it; a month ({@code 2021-12}) the counts of its
 * days, a year ({@code 2021}) those of its months, and {@link #ROOT} those of the years.
 * An incident is declared once (sequence 0), so its row never changes day.
 */
public final class ListBucketIds {

	/**
	 * The top of the tree: the counts of every year.
	 */
	public static final String ROOT = "all";

	/**
	 * Not a node: present once the buckets hold every row of
	 * {@link ReadModelCollections#INCIDENT_LIST} (written after a backfill, and by a
	 * rebuild, which fills both from nothing).
	 */
	public static final String BACKFILLED = "backfilled";

	/**
	 * How deep a node lies: a day holds rows, the others hold their children's counts.
	 */
	public enum Level {

		ROOT, YEAR, MONTH, DAY

	}

	private ListBucketIds() {
	}

	public static String day(Instant declaredAt) {
		return LocalDate.ofInstant(declaredAt, ZoneOffset.UTC).toString();
	}

	public static Level level(String id) {
		if (ROOT.equals(id)) {
			return Level.ROOT;
		}
		int dashes = 0;
		// a year before 0 or after 9999 carries a sign
		for (int i = 1; i < id.length(); i++) {
			if (id.charAt(i) == '-') {
				dashes++;
			}
		}
		return switch (dashes) {
			case 0 -> Level.YEAR;
			case 1 -> Level.MONTH;
			case 2 -> Level.DAY;
			default -> throw new IllegalArgumentException("Not a list bucket: " + id);
		};
	}

	public static boolean isDay(String id) {
		return level(id) == Level.DAY;
	}

	/**
	 * The node whose counts include this one's: day to month, month to year, year to
	 * {@link #ROOT}.
	 */
	public static String parent(String id) {
		return switch (level(id)) {
			case DAY, MONTH -> id.substring(0, id.lastIndexOf('-'));
			case YEAR -> ROOT;
			case ROOT -> throw new IllegalArgumentException("The root has no parent");
		};
	}

	/**
	 * The first instant of the node's span ({@code null} for the root: unbounded).
	 */
	public static Instant start(String id) {
		return switch (level(id)) {
			case DAY -> LocalDate.parse(id).atStartOfDay(ZoneOffset.UTC).toInstant();
			case MONTH -> YearMonth.parse(id).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			case YEAR -> Year.parse(id).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			case ROOT -> null;
		};
	}

	/**
	 * The first instant after the node's span ({@code null} for the root: unbounded).
	 */
	public static Instant end(String id) {
		return switch (level(id)) {
			case DAY -> LocalDate.parse(id).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			case MONTH -> YearMonth.parse(id).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			case YEAR -> Year.parse(id).plusYears(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			case ROOT -> null;
		};
	}

}
