package com.nimbus.incidents.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status page's uptime of a component with one ended window, worked out from api.md
 * ("The public status page") apart from the query service: each UTC day the window
 * touched is up for the share of the day outside it, to the millisecond, rounded down to
 * 4 decimals.
 */
final class HandWorkedUptime {

	private static final long DAY = Duration.ofDays(1).toMillis();

	private HandWorkedUptime() {
	}

	/**
	 * The uptime of each day from the one {@code from} falls on to the one {@code to}
	 * falls on.
	 */
	static Map<LocalDate, String> daily(Instant from, Instant to) {
		Map<LocalDate, String> days = new LinkedHashMap<>();
		LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
		for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
			long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
			long down = Math.min(to.toEpochMilli(), dayStart + DAY) - Math.max(from.toEpochMilli(), dayStart);
			days.put(day,
					BigDecimal.valueOf(DAY - down)
						.divide(BigDecimal.valueOf(DAY), 4, RoundingMode.DOWN)
						.toPlainString());
		}
		return days;
	}

}
