package com.nimbus.incidents.console.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page's uptime as the template draws it: per component, a bar of one cell per
 * day (oldest first) whose label says the day and its exact share as a percentage with 4
 * decimals, and the 90 days' figure, the mean of the days, also with 4 decimals. Both are
 * rounded down ({@link Readable#uptime}), so a bad day never reads as 100 %.
 */
final class StatusUptime {

	private static final BigDecimal FULL = new BigDecimal("1.0000");

	private static final BigDecimal DEGRADED = new BigDecimal("0.9900");

	private StatusUptime() {
	}

	/**
	 * @param label what the cell says on hover and focus, and to a screen reader: "30 Nov
	 * 2026: 99.7500 %"
	 * @param level {@code up}, {@code degraded} (at least 99 %) or {@code down}: the
	 * cell's colour; the label says the figure in words
	 */
	record Day(String label, String level) {

	}

	/**
	 * @param figure the mean of the days: "99.7222 %"
	 * @param from the first day, ISO
	 * @param to the last day (today, UTC), ISO
	 */
	record Bar(String figure, String from, String to, List<Day> days) {

	}

	/**
	 * @param page the status page as plain maps and lists; {@code null} gives none
	 * @return each component's bar, keyed by {@link #key}
	 */
	static Map<String, Bar> bars(Object page, Readable readable) {
		Map<String, Bar> bars = new LinkedHashMap<>();
		if (!(page instanceof Map<?, ?> map) || !(map.get("uptime") instanceof List<?> components)) {
			return bars;
		}
		for (Object item : components) {
			if (item instanceof Map<?, ?> component && component.get("daily") instanceof List<?> daily
					&& !daily.isEmpty() && component.get("from") != null) {
				bars.put(key(component.get("service"), component.get("region")), bar(component, daily, readable));
			}
		}
		return bars;
	}

	static String key(Object service, Object region) {
		return service + "\n" + region;
	}

	private static Bar bar(Map<?, ?> component, List<?> daily, Readable readable) {
		LocalDate first = LocalDate.parse(String.valueOf(component.get("from")));
		LocalDate day = first;
		List<Day> days = new ArrayList<>();
		BigDecimal sum = BigDecimal.ZERO;
		for (Object value : daily) {
			BigDecimal share = new BigDecimal(String.valueOf(value));
			sum = sum.add(share);
			String level = (share.compareTo(FULL) >= 0) ? "up" : (share.compareTo(DEGRADED) >= 0) ? "degraded" : "down";
			String date = readable.date(day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
			days.add(new Day(date + ": " + readable.uptime(share.toPlainString()), level));
			day = day.plusDays(1);
		}
		BigDecimal mean = sum.divide(BigDecimal.valueOf(days.size()), 8, RoundingMode.DOWN);
		return new Bar(readable.uptime(mean.toPlainString()), first.toString(), day.minusDays(1).toString(), days);
	}

}
