package com.nimbus.incidents.command.signal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.nimbus.incidents.command.incident.InvalidCommandInput;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.SignalStatus;

/**
 * Reads request bodies into signals, or refuses the whole body naming the first wrong
 * field: nothing of a refused body is kept.
 * <p>
 * From Alertmanager's labels (signals.md): {@code service} (else {@code job}),
 * {@code region} (else {@code zone}, else {@code cluster}), {@code severity} to a level
 * ({@code critical}: major outage; {@code warning}, {@code error}: partial; anything
 * else: degraded), overridden by a {@code level} label; {@code error_rate} (label or
 * annotation, 0..1); {@code customer_ids} (comma-separated).
 * <p>
 * Limits: 1,000 signals a body, 64 labels or annotations a signal, names of 128
 * characters, label values of 1,024, annotation values of 4,096, fingerprints of 128
 * ({@code [A-Za-z0-9._:-]}); a start or end more than 10 minutes ahead of the platform's
 * clock, or before 2000, is refused.
 */
final class SignalReader {

	static final int MAX_SIGNALS = 1_000;

	static final int MAX_ENTRIES = 64;

	static final int MAX_NAME = 128;

	static final int MAX_LABEL_VALUE = 1_024;

	static final int MAX_ANNOTATION_VALUE = 4_096;

	static final Duration MAX_AHEAD = Duration.ofMinutes(10);

	private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_NAME + "}");

	private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_NAME + "}");

	private SignalReader() {
	}

	static List<Signal> alertmanager(AlertmanagerWebhook body, String source, Instant now) {
		if (!"4".equals(body.version())) {
			throw new InvalidCommandInput("version",
					"version must be \"4\" (Alertmanager's webhook payload version 4), got " + quoted(body.version()));
		}
		List<AlertmanagerWebhook.Alert> alerts = counted("alerts", body.alerts());
		List<Signal> signals = new ArrayList<>(alerts.size());
		for (int i = 0; i < alerts.size(); i++) {
			AlertmanagerWebhook.Alert alert = alerts.get(i);
			String at = "alerts[" + i + "]";
			if (alert == null) {
				throw new InvalidCommandInput(at, at + " is null");
			}
			Map<String, String> labels = entries(at + ".labels", alert.labels(), MAX_LABEL_VALUE);
			Map<String, String> annotations = entries(at + ".annotations", alert.annotations(), MAX_ANNOTATION_VALUE);
			SignalStatus status = status(at + ".status", alert.status());
			String service = first(labels, "service", "job");
			String region = first(labels, "region", "zone", "cluster");
			ImpactLevel level = (labels.get("level") != null) ? level(at + ".labels.level", labels.get("level"))
					: severity(labels.get("severity"));
			String rate = (labels.get("error_rate") != null) ? labels.get("error_rate") : annotations.get("error_rate");
			BigDecimal errorRate = (rate != null) ? errorRate(at + ".labels.error_rate", decimal(rate)) : null;
			List<String> customers = (labels.get("customer_ids") != null)
					? Arrays.stream(labels.get("customer_ids").split(","))
						.map(String::trim)
						.filter((c) -> !c.isEmpty())
						.toList()
					: List.of();
			String summary = annotations.get("summary");
			signals.add(signal(at, source, alert.fingerprint(), status, service, region, level, errorRate,
					alert.startsAt(), alert.endsAt(), summary, (summary != null) ? summary : labels.get("alertname"),
					labels, customers, now));
		}
		return signals;
	}

	static List<Signal> generic(List<SignalInput> inputs, String defaultSource, Instant now) {
		List<SignalInput> counted = counted("signals", inputs);
		List<Signal> signals = new ArrayList<>(counted.size());
		for (int i = 0; i < counted.size(); i++) {
			SignalInput input = counted.get(i);
			String at = (counted.size() == 1) ? "" : "[" + i + "]";
			if (input == null) {
				throw new InvalidCommandInput("signals" + at, "signal " + at + " is null");
			}
			String prefix = at.isEmpty() ? "" : at + ".";
			String source = (input.source() != null) ? input.source() : defaultSource;
			if (!SOURCE.matcher(source).matches()) {
				throw new InvalidCommandInput(prefix + "source",
						"source must be 1 to 128 letters, digits or ._@- (got " + quoted(source) + ")");
			}
			Map<String, String> labels = entries(prefix + "labels", input.labels(), MAX_LABEL_VALUE);
			ImpactLevel level = (input.level() != null) ? level(prefix + "level", input.level())
					: ImpactLevel.DEGRADED_PERFORMANCE;
			BigDecimal errorRate = (input.errorRate() != null) ? errorRate(prefix + "errorRate", input.errorRate())
					: null;
			List<String> customers = (input.customerIds() != null) ? input.customerIds() : List.of();
			for (String customer : customers) {
				if (customer == null || customer.isBlank() || customer.length() > MAX_NAME) {
					throw new InvalidCommandInput(prefix + "customerIds",
							"customerIds must be non-blank ids of at most 128 characters");
				}
			}
			if (input.summary() != null && input.summary().length() > MAX_ANNOTATION_VALUE) {
				throw new InvalidCommandInput(prefix + "summary", "summary is over 4,096 characters");
			}
			signals.add(signal(at.isEmpty() ? "" : at, source, input.fingerprint(),
					status(prefix + "status", input.status()), blankToNull(input.service()),
					blankToNull(input.region()), level, errorRate, input.startsAt(), input.endsAt(), input.summary(),
					(input.summary() != null) ? input.summary() : labels.get("alertname"), labels, customers, now));
		}
		return signals;
	}

	private static Signal signal(String at, String source, String fingerprint, SignalStatus status, String service,
			String region, ImpactLevel level, BigDecimal errorRate, String startsAt, String endsAt, String summary,
			String title, Map<String, String> labels, List<String> customers, Instant now) {
		String prefix = at.isEmpty() ? "" : at + ".";
		if (fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
			throw new InvalidCommandInput(prefix + "fingerprint",
					"fingerprint must be 1 to 128 letters, digits or ._:- (got " + quoted(fingerprint) + ")");
		}
		Instant start = time(prefix + "startsAt", startsAt, now);
		if (start == null) {
			throw new InvalidCommandInput(prefix + "startsAt", "startsAt is required");
		}
		Instant end = null;
		if (status == SignalStatus.RESOLVED) {
			end = time(prefix + "endsAt", endsAt, now);
			end = (end != null) ? end : now;
			if (end.isBefore(start)) {
				throw new InvalidCommandInput(prefix + "endsAt",
						"endsAt " + end + " is before startsAt " + start + "; an alert ends after it starts");
			}
		}
		if (service == null || region == null) {
			String missing = (service == null) ? "service" : "region";
			throw new UnplaceableSignal(prefix + missing,
					"Signal " + fingerprint + " names no " + missing + " (Alertmanager labels: "
							+ ((service == null) ? "service or job" : "region, zone or cluster")
							+ "); no route can place it on a component");
		}
		if (service.length() > MAX_NAME || region.length() > MAX_NAME) {
			throw new InvalidCommandInput(prefix + ((service.length() > MAX_NAME) ? "service" : "region"),
					"service and region are at most 128 characters");
		}
		return new Signal(source, fingerprint, status, service, region, level, errorRate, start, end, summary,
				(title != null) ? title : service + " in " + region, labels, customers, now);
	}

	private static <T> List<T> counted(String field, List<T> items) {
		if (items == null || items.isEmpty()) {
			throw new InvalidCommandInput(field, field + " must hold at least one signal");
		}
		if (items.size() > MAX_SIGNALS) {
			throw new InvalidCommandInput(field, field + " holds " + items.size() + " signals; at most " + MAX_SIGNALS
					+ " are taken in one body, send the rest in another");
		}
		return items;
	}

	private static Map<String, String> entries(String field, Map<String, String> entries, int maxValue) {
		if (entries == null) {
			return Map.of();
		}
		if (entries.size() > MAX_ENTRIES) {
			throw new InvalidCommandInput(field,
					field + " holds " + entries.size() + " entries; at most " + MAX_ENTRIES + " are taken");
		}
		for (Map.Entry<String, String> entry : entries.entrySet()) {
			if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_NAME) {
				throw new InvalidCommandInput(field, "names in " + field + " are 1 to " + MAX_NAME + " characters");
			}
			if (entry.getValue() == null || entry.getValue().length() > maxValue) {
				throw new InvalidCommandInput(field + "." + entry.getKey(),
						field + "." + entry.getKey() + " is " + ((entry.getValue() == null) ? "null"
								: entry.getValue().length() + " characters long; at most " + maxValue + " are taken"));
			}
		}
		return entries;
	}

	private static SignalStatus status(String field, String value) {
		if (value != null) {
			switch (value.toLowerCase(Locale.ROOT)) {
				case "firing":
					return SignalStatus.FIRING;
				case "resolved":
					return SignalStatus.RESOLVED;
				default:
			}
		}
		throw new InvalidCommandInput(field, field + " must be firing or resolved (got " + quoted(value) + ")");
	}

	private static ImpactLevel level(String field, String value) {
		try {
			return ImpactLevel.valueOf(value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCommandInput(field, field + " must be one of DEGRADED_PERFORMANCE, PARTIAL_OUTAGE, "
					+ "MAJOR_OUTAGE (got " + quoted(value) + ")");
		}
	}

	static ImpactLevel severity(String severity) {
		if (severity == null) {
			return ImpactLevel.DEGRADED_PERFORMANCE;
		}
		return switch (severity.toLowerCase(Locale.ROOT)) {
			case "critical" -> ImpactLevel.MAJOR_OUTAGE;
			case "warning", "error" -> ImpactLevel.PARTIAL_OUTAGE;
			default -> ImpactLevel.DEGRADED_PERFORMANCE;
		};
	}

	private static BigDecimal decimal(String value) {
		try {
			return new BigDecimal(value.trim());
		}
		catch (NumberFormatException ex) {
			return BigDecimal.valueOf(-1);
		}
	}

	private static BigDecimal errorRate(String field, BigDecimal rate) {
		if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
			throw new InvalidCommandInput(field, field + " must be a decimal from 0 to 1");
		}
		return rate;
	}

	/**
	 * A time, or {@code null} when absent or Go's zero time (Alertmanager's "not set").
	 */
	private static Instant time(String field, String value, Instant now) {
		if (value == null || value.isBlank() || value.startsWith("0001-01-01")) {
			return null;
		}
		Instant time;
		try {
			time = SignalTimes.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidCommandInput(field, field + " is not an ISO-8601 time with an offset: " + quoted(value));
		}
		if (time.isAfter(now.plus(MAX_AHEAD))) {
			throw new InvalidCommandInput(field,
					field + " " + time + " is more than 10 minutes ahead of the platform's " + "clock (" + now + ")");
		}
		if (time.isBefore(EARLIEST)) {
			throw new InvalidCommandInput(field, field + " " + time + " is before 2000");
		}
		return time;
	}

	private static String first(Map<String, String> labels, String... names) {
		for (String name : names) {
			String value = blankToNull(labels.get(name));
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static String quoted(String value) {
		if (value == null) {
			return "nothing";
		}
		return "\"" + ((value.length() > 40) ? value.substring(0, 40) + "..." : value) + "\"";
	}

}
