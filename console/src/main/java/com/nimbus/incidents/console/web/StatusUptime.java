package com.nimbus.incidents.console.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status page's uptime as the template draws it: per component, one cell per day with
 * its date and a class for its colour, and the 90 days' average as a percentage (two
 * digits, rounded down, as the page's daily figures are).
 */
final class StatusUptime {

	private static final BigDecimal FULL = new BigDecimal("1.0000");

	private static final BigDecimal DEGRADED = new BigDecimal("0.9900");

	private StatusUptime() {
	}

	record Day(String date, String share, String level) {

	}

	record Row(String service, String region, String percent, List<Day> days) {

	}

	/**
	 * @param page the status page as plain maps and lists; {@code null} gives no rows
	 */
	static List<Row> rows(Object page) {
		List<Row> rows = new ArrayList<>();
		if (!(page instanceof Map<?, ?> map) || !(map.get("uptime") instanceof List<?> components)) {
			return rows;
		}
		for (Object item : components) {
			if (item instanceof Map<?, ?> component && component.get("daily") instanceof List<?> daily
					&& component.get("from") != null) {
				rows.add(row(component, daily));
			}
		}
		return rows;
	}

	private static Row row(Map<?, ?> component, List<?> daily) {
		LocalDate day = LocalDate.parse(String.valueOf(component.get("from")));
		List<Day> days = new ArrayList<>();
		BigDecimal sum = BigDecimal.ZERO;
		for (Object value : daily) {
			BigDecimal share = new BigDecimal(String.valueOf(value));
			sum = sum.add(share);
			String level = (share.compareTo(FULL) >= 0) ? "up" : (share.compareTo(DEGRADED) >= 0) ? "degraded" : "down";
			days.add(new Day(day.toString(), share.toPlainString(), level));
			day = day.plusDays(1);
		}
		String percent = days.isEmpty() ? "100.00"
				: sum.multiply(BigDecimal.valueOf(100))
					.divide(BigDecimal.valueOf(days.size()), 2, RoundingMode.DOWN)
					.toPlainString();
		return new Row(String.valueOf(component.get("service")), String.valueOf(component.get("region")), percent,
				days);
	}

}
