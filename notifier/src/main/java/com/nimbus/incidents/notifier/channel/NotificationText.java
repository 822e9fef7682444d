package com.nimbus.incidents.notifier.channel;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What a notification says to a person, in plain text (each channel escapes it for its
 * format): {@code change}, a short phrase for subjects ("resolved", "Major outage of api
 * in us-east-1 since 15:32 UTC"); {@code headline}, one sentence naming the incident and
 * the change ("SEV1 incident 'Checkout down' resolved"); {@code details}, the text people
 * typed that goes with it (the public update, the reason), possibly none.
 */
public record NotificationText(String incidentLabel, String change, String headline, List<String> details) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/** The type of the synthetic notification that tries a subscription's channel. */
	static final String TEST_TYPE = "NotificationTest";

	public NotificationText {
		details = List.copyOf(details);
	}

	public static NotificationText describe(OutgoingNotification notification) {
		JsonNode envelope = (notification.envelope() != null) ? notification.envelope() : MissingNode.getInstance();
		JsonNode payload = envelope.path("payload");
		String type = (notification.eventType() != null) ? notification.eventType() : envelope.path("type").asText("");
		String label = label(notification, payload);
		Wording wording = new Wording(notification.recordedAt());
		List<String> details = new ArrayList<>();
		String change;
		boolean verb = false;
		switch (type) {
			case "IncidentDeclared" -> {
				change = "declared";
				verb = true;
				add(details, null, payload.path("summary"));
				String scope = scope(payload);
				if (!scope.isEmpty()) {
					details.add(scope);
				}
			}
			case "ResponderAssigned" ->
				change = text(payload, "person") + " assigned as " + Wording.words(text(payload, "role"));
			case "ResponderReleased" ->
				change = text(payload, "person") + " released as " + Wording.words(text(payload, "role"));
			case "ActionRecorded" -> {
				change = Wording.words(text(payload, "kind")) + " recorded";
				add(details, null, payload.path("description"));
			}
			case "SeverityChanged" -> {
				change = "severity changed from " + text(payload, "from") + " to " + text(payload, "to");
				add(details, "Reason", payload.path("reason"));
			}
			case "StatusUpdatePosted" -> {
				change = (payload.path("public").asBoolean(false) ? "public update: " : "internal update: ")
						+ Wording.sentence(text(payload, "status"));
				add(details, null, payload.path("message"));
			}
			case "ImpactReported" -> change = wording.impact(payload);
			case "ImpactEnded" -> change = "impact ended at " + wording.time(text(payload, "endedAt"));
			case "ImpactCorrected" -> {
				change = wording.correction(payload);
				add(details, "Reason", payload.path("reason"));
			}
			case "IncidentResolved" -> {
				change = "resolved";
				verb = true;
				add(details, null, payload.path("summary"));
			}
			case "IncidentReopened" -> {
				change = "reopened";
				verb = true;
				add(details, "Reason", payload.path("reason"));
			}
			case "PostmortemPublished" -> {
				change = "postmortem published";
				add(details, "Root cause", payload.path("rootCause"));
				add(details, "Resolution", payload.path("resolution"));
			}
			case "NoteAdded" -> {
				change = "note added";
				add(details, null, payload.path("text"));
			}
			case "SignalReceived" -> {
				change = wording.signal(payload);
				add(details, null, payload.path("summary"));
			}
			case TEST_TYPE -> {
				change = "test notification";
				add(details, null, payload.path("message"));
			}
			default -> change = type.isEmpty() ? "changed" : type + " recorded";
		}
		String headline = TEST_TYPE.equals(type) ? "Test notification from the incident platform"
				: label + (verb ? " " : ": ") + change;
		return new NotificationText(label, change, headline, details);
	}

	private static String label(OutgoingNotification notification, JsonNode payload) {
		IncidentSnapshot incident = notification.incident();
		String severity = (incident != null && present(incident.severity())) ? incident.severity()
				: payload.path("severity").asText("");
		String title = (incident != null && present(incident.title())) ? incident.title()
				: payload.path("title").asText("");
		String id = (incident != null && present(incident.id())) ? incident.id() : notification.incidentId();
		String name = present(title) ? "'" + title + "'" : id;
		return present(severity) ? severity + " incident " + name : "Incident " + name;
	}

	private static String scope(JsonNode payload) {
		List<String> parts = new ArrayList<>();
		String services = Wording.list(payload.path("services"));
		String regions = Wording.list(payload.path("regions"));
		if (!services.isEmpty()) {
			parts.add("Services: " + services);
		}
		if (!regions.isEmpty()) {
			parts.add("Regions: " + regions);
		}
		return String.join("; ", parts);
	}

	private static void add(List<String> details, String label, JsonNode value) {
		if (value.isTextual() && !value.asText().isBlank()) {
			details.add((label != null) ? label + ": " + value.asText() : value.asText());
		}
	}

	private static String text(JsonNode payload, String field) {
		return payload.path(field).asText("?");
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * Times, levels and rates as a person reads them.
	 */
	private record Wording(Instant now) {

		String impact(JsonNode payload) {
			StringBuilder text = new StringBuilder(sentence(payload.path("level").asText("impact")));
			text.append(" of ").append(text(payload, "service")).append(" in ").append(text(payload, "region"));
			text.append(" since ").append(time(text(payload, "startedAt")));
			if (payload.hasNonNull("endedAt")) {
				text.append(" until ").append(time(payload.path("endedAt").asText()));
			}
			if (payload.hasNonNull("errorRate")) {
				text.append(" (error rate ").append(percent(payload.path("errorRate"))).append(')');
			}
			return text.toString();
		}

		String correction(JsonNode payload) {
			List<String> parts = new ArrayList<>();
			if (payload.hasNonNull("level")) {
				parts.add("now " + sentence(payload.path("level").asText()).toLowerCase(Locale.ROOT));
			}
			if (payload.hasNonNull("startedAt")) {
				parts.add("started " + time(payload.path("startedAt").asText()));
			}
			if (payload.hasNonNull("endedAt")) {
				parts.add("ended " + time(payload.path("endedAt").asText()));
			}
			if (payload.hasNonNull("errorRate")) {
				parts.add("error rate " + percent(payload.path("errorRate")));
			}
			if (payload.path("reopened").asBoolean(false)) {
				parts.add("ongoing again");
			}
			return "impact corrected" + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
		}

		String signal(JsonNode payload) {
			boolean resolved = "RESOLVED".equals(payload.path("status").asText());
			StringBuilder text = new StringBuilder("monitoring signal ").append(resolved ? "resolved" : "firing");
			if (payload.hasNonNull("service")) {
				text.append(" for ").append(payload.path("service").asText());
				if (payload.hasNonNull("region")) {
					text.append(" in ").append(payload.path("region").asText());
				}
			}
			if (!resolved && payload.hasNonNull("level")) {
				text.append(" (").append(sentence(payload.path("level").asText()).toLowerCase(Locale.ROOT)).append(')');
			}
			return text.toString();
		}

		String time(String iso) {
			try {
				Instant instant = Instant.parse(iso);
				boolean sameDay = this.now != null && LocalDate.ofInstant(instant, ZoneOffset.UTC)
					.equals(LocalDate.ofInstant(this.now, ZoneOffset.UTC));
				return (sameDay ? TIME : DATE_TIME).format(instant);
			}
			catch (DateTimeParseException ex) {
				return iso;
			}
		}

		static String percent(JsonNode rate) {
			try {
				return new BigDecimal(rate.asText()).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
			}
			catch (NumberFormatException ex) {
				return rate.asText();
			}
		}

		static String list(JsonNode array) {
			List<String> items = new ArrayList<>();
			array.forEach((item) -> items.add(item.asText()));
			return String.join(", ", items);
		}

		/** {@code MAJOR_OUTAGE} as "Major outage". */
		static String sentence(String constant) {
			String words = words(constant);
			return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
		}

		/** {@code SUBJECT_MATTER_EXPERT} as "subject matter expert". */
		static String words(String constant) {
			return constant.replace('_', ' ').toLowerCase(Locale.ROOT);
		}

	}

}
