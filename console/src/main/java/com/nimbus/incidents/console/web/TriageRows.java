package com.nimbus.incidents.console.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signals waiting for triage as the page lists them, oldest first: who sent each,
 * what it is about, its level in words, when it started (UTC, to the minute) and whether
 * it still fires.
 */
final class TriageRows {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private static final Map<String, String> LEVELS = Map.of("MAJOR_OUTAGE", "Major outage", "PARTIAL_OUTAGE",
			"Partial outage", "DEGRADED_PERFORMANCE", "Degraded performance");

	private TriageRows() {
	}

	/**
	 * @param key {@code source:fingerprint}, as the API names the signal
	 * @param summary the alert's summary when it says more than its title, else
	 * {@code null}
	 * @param started its start, {@code 2026-11-30 16:05}, UTC
	 * @param status {@code firing} or {@code resolved}
	 */
	record Row(String key, String source, String fingerprint, String title, String summary, String service,
			String region, String level, String started, String status) {

	}

	/**
	 * @param waiting the command service's {@code GET /api/signals?placed=false} as plain
	 * maps and lists; anything else gives no rows
	 */
	static List<Row> rows(Object waiting) {
		List<Map<?, ?>> signals = new ArrayList<>();
		if (waiting instanceof Map<?, ?> answer && answer.get("signals") instanceof List<?> list) {
			list.stream().filter(Map.class::isInstance).forEach((item) -> signals.add((Map<?, ?>) item));
		}
		// oldest first, whatever order they came in; one start is ordered by key
		signals.sort(Comparator.comparing((Map<?, ?> signal) -> instant(text(signal, "startsAt")))
			.thenComparing((signal) -> text(signal, "source") + ":" + text(signal, "fingerprint")));
		return signals.stream().map(TriageRows::row).toList();
	}

	private static Row row(Map<?, ?> signal) {
		String source = text(signal, "source");
		String fingerprint = text(signal, "fingerprint");
		String title = text(signal, "title");
		String summary = text(signal, "summary");
		return new Row(source + ":" + fingerprint, source, fingerprint, title.isEmpty() ? summary : title,
				(summary.isEmpty() || summary.equals(title)) ? null : summary, text(signal, "service"),
				text(signal, "region"), level(text(signal, "level")), minute(text(signal, "startsAt")),
				text(signal, "status").toLowerCase(Locale.ROOT));
	}

	/**
	 * {@code PARTIAL_OUTAGE} as "Partial outage"; a level this console does not know in
	 * words the same way.
	 */
	static String level(String level) {
		if (level.isEmpty()) {
			return "Not given";
		}
		String known = LEVELS.get(level);
		if (known != null) {
			return known;
		}
		String words = level.replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	/**
	 * {@code 2026-11-30T16:05:42Z} as {@code 2026-11-30 16:05}; what cannot be read as it
	 * came.
	 */
	static String minute(String instant) {
		Instant parsed = instant(instant);
		return parsed.equals(Instant.MAX) ? instant : MINUTE.format(parsed);
	}

	/**
	 * The instant; what cannot be read, after every other.
	 */
	private static Instant instant(String text) {
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return Instant.MAX;
		}
	}

	private static String text(Map<?, ?> signal, String field) {
		Object value = signal.get(field);
		return (value != null) ? String.valueOf(value) : "";
	}

}
