package com.nimbus.incidents.query.status;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The uptime of one component over the last {@value #DAYS} UTC days, pure:
 * <ul>
 * <li>the days are today (UTC) and the {@value #DAYS} − 1 before it, oldest first;</li>
 * <li>a day's uptime is the share of the day not covered by any impact window on the
 * component: {@code (day − covered) / day}, where covered is the union of the windows
 * (overlapping windows, of one incident or several, count once), to the millisecond;</li>
 * <li>nothing after {@code now} is covered: an open window runs to now, and today counts
 * as a whole day whose part not yet lived is up, so it reads {@code 1.0000} until an
 * impact starts and goes down while one lasts;</li>
 * <li>the share is an exact decimal string with {@value #SCALE} digits, rounded down
 * ({@link RoundingMode#DOWN}): a day with any impact at all never reads {@code 1.0000},
 * one without reads exactly {@code 1.0000}, a day down throughout {@code 0.0000}.</li>
 * </ul>
 */
final class Uptime {

	static final int DAYS = 90;

	static final int SCALE = 4;

	private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

	private static final BigDecimal DAY = BigDecimal.valueOf(DAY_MILLIS);

	private Uptime() {
	}

	/**
	 * A time an impact window covers; {@code end} is where it ends or, for one still
	 * open, now.
	 */
	record Span(Instant start, Instant end) {

	}

	/**
	 * The first day of the range that ends today.
	 */
	static LocalDate firstDay(Instant now) {
		return today(now).minusDays(DAYS - 1);
	}

	static LocalDate today(Instant now) {
		return LocalDate.ofInstant(now, ZoneOffset.UTC);
	}

	/**
	 * The uptime of each day from {@link #firstDay} to today.
	 */
	static List<String> daily(List<Span> spans, Instant now) {
		List<Span> covered = union(spans, now);
		List<String> days = new ArrayList<>(DAYS);
		for (LocalDate day = firstDay(now); !day.isAfter(today(now)); day = day.plusDays(1)) {
			long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
			long dayEnd = dayStart + DAY_MILLIS;
			long down = 0;
			for (Span span : covered) {
				long from = Math.max(span.start().toEpochMilli(), dayStart);
				long to = Math.min(span.end().toEpochMilli(), dayEnd);
				if (to > from) {
					down += to - from;
				}
			}
			days.add(BigDecimal.valueOf(DAY_MILLIS - down).divide(DAY, SCALE, RoundingMode.DOWN).toPlainString());
		}
		return days;
	}

	/**
	 * The spans, cut off at {@code now}, merged where they overlap or touch, in order.
	 */
	static List<Span> union(List<Span> spans, Instant now) {
		List<Span> sorted = new ArrayList<>();
		for (Span span : spans) {
			Instant end = span.end().isAfter(now) ? now : span.end();
			if (end.isAfter(span.start())) {
				sorted.add(new Span(span.start(), end));
			}
		}
		sorted.sort(Comparator.comparing(Span::start));
		List<Span> merged = new ArrayList<>();
		for (Span span : sorted) {
			Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && !span.start().isAfter(last.end())) {
				if (span.end().isAfter(last.end())) {
					merged.set(merged.size() - 1, new Span(last.start(), span.end()));
				}
			}
			else {
				merged.add(span);
			}
		}
		return merged;
	}

}
