package com.nimbus.incidents.console.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Form fields to API bodies. Times on the pages are UTC: a {@code datetime-local} value
 * {@code 2021-12-07T16:00} is sent as {@code 2021-12-07T16:00:00Z}; what cannot be read
 * is sent as typed, so the API's problem detail names it.
 */
final class Forms {

	private Forms() {
	}

	static Object time(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC).toString();
		}
		catch (DateTimeParseException ex) {
			return value;
		}
	}

	static Object number(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return new BigDecimal(value.strip());
		}
		catch (NumberFormatException ex) {
			return value;
		}
	}

	static String text(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * The API's field errors by form field: a list's {@code services[0]} is the
	 * {@code services} field's.
	 */
	static Map<String, String> byField(Map<String, String> errors) {
		Map<String, String> fields = new LinkedHashMap<>();
		errors.forEach(
				(field, message) -> fields.merge(field.replaceAll("\\[\\d+\\]$", ""), message, (a, b) -> a + "; " + b));
		return fields;
	}

	/**
	 * Names from form values (checked boxes, or text with several names split by
	 * {@code separators}, a regular expression): stripped, in order, each once.
	 */
	static List<String> names(List<String> values, String separators) {
		if (values == null) {
			return List.of();
		}
		return values.stream()
			.flatMap((value) -> Arrays.stream(value.split(separators)))
			.map(String::strip)
			.filter((name) -> !name.isEmpty())
			.distinct()
			.toList();
	}

	/**
	 * A JSON object of the non-null entries, in order.
	 */
	static Map<String, Object> body(Object... keysAndValues) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (keysAndValues[i + 1] != null) {
				body.put((String) keysAndValues[i], keysAndValues[i + 1]);
			}
		}
		return body;
	}

	/**
	 * For a {@code datetime-local} input: {@code 2021-12-07T16:00:00Z} shown as
	 * {@code 2021-12-07T16:00}.
	 */
	static String local(String instant) {
		if (instant == null || instant.isBlank()) {
			return "";
		}
		try {
			return LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC).toString();
		}
		catch (DateTimeParseException ex) {
			return instant;
		}
	}

}
