package com.nimbus.incidents.console.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time as the console's forms ask for it (declaring, the incident page's commands, its
 * point-in-time views): a date picker ({@code <name>Date}, {@code 2026-11-30}) beside a
 * 24-hour UTC clock typed as {@code HH:MM} ({@code <name>Time}), never a browser's
 * 12-hour picker under a "UTC" label. Read into the instant the API takes, or a sentence
 * saying what to type instead; the page then sends nothing.
 *
 * @param instant the ISO instant ({@code 2026-11-30T16:05:00Z}); null when both parts
 * were empty or unreadable
 * @param error what is wrong, for the field; null when nothing is
 */
record UtcInput(String instant, String error) {

	static final String HOW = "Write the time as HH:MM, 24-hour UTC (for example 16:05)";

	private static final Pattern CLOCK = Pattern.compile("([01]?\\d|2[0-3])[:.h]?([0-5]\\d)(?::([0-5]\\d))?");

	/**
	 * @param fields the form
	 * @param name the API's field ({@code occurredAt}); the form has
	 * {@code occurredAtDate} and {@code occurredAtTime}
	 * @param clock today's date when only a time is typed
	 */
	static UtcInput read(Map<String, String> fields, String name, Clock clock) {
		return of(fields.get(name + "Date"), fields.get(name + "Time"), clock);
	}

	static UtcInput of(String date, String time, Clock clock) {
		String day = Forms.text(date);
		String clockTime = Forms.text(time);
		if (day == null && clockTime == null) {
			return new UtcInput(null, null);
		}
		if (clockTime == null) {
			return new UtcInput(null, "Give the time too (HH:MM, 24-hour UTC)");
		}
		Matcher matcher = CLOCK.matcher(clockTime);
		if (!matcher.matches()) {
			return new UtcInput(null, HOW);
		}
		LocalDate localDate;
		try {
			localDate = (day != null) ? LocalDate.parse(day) : LocalDate.now(clock.withZone(ZoneOffset.UTC));
		}
		catch (DateTimeParseException ex) {
			return new UtcInput(null, "Write the date as YYYY-MM-DD (UTC)");
		}
		LocalTime localTime = LocalTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
				(matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) : 0);
		return new UtcInput(localDate.atTime(localTime).toInstant(ZoneOffset.UTC).toString(), null);
	}

}
