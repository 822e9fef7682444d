package com.nimbus.incidents.console.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;

import org.springframework.http.HttpMethod;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriUtils;

/**
 * Each form of the incident and postmortem pages as the one command it sends. A time the
 * page cannot read is named next to its field and nothing is sent.
 */
final class IncidentCommands {

	/** The forms there are. */
	static final Set<String> FORMS = Set.of("compose", "action", "status", "note", "impact", "severity", "resolve",
			"reopen", "responder", "release", "end", "correct", "postmortem");

	/** The composer's kinds. */
	static final Set<String> MODES = Set.of("action", "public", "note", "impact");

	/**
	 * What a form led to.
	 *
	 * @param version the incident's version after the write; -1 when refused
	 * @param errors field errors by the form's field names
	 * @param problem the sentence for the top of the page; null when it went through
	 */
	record Sent(long version, Map<String, String> errors, String problem) {

		boolean ok() {
			return this.problem == null;
		}

	}

	private final Api api;

	private final Clock clock;

	IncidentCommands(Api api, Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	Sent send(String id, String form, MultiValueMap<String, String> multi) {
		Map<String, String> fields = multi.toSingleValueMap();
		String base = "/api/incidents/" + seg(id);
		Map<String, String> errors = new LinkedHashMap<>();
		Object occurredAt = time(fields, "occurredAt", errors);
		Object startedAt = time(fields, "startedAt", errors);
		Object endedAt = time(fields, "endedAt", errors);
		String kind = "compose".equals(form) ? fields.getOrDefault("mode", "") : form;
		String text = Forms.text(fields.get("compose".equals(form) ? "text" : textField(kind)));
		Answer answer = null;
		if ("impact".equals(kind) && errors.isEmpty()) {
			Map<String, Object> body = Forms.body("impactId", Forms.text(fields.get("impactId")), "service",
					Forms.text(fields.get("service")), "region", Forms.text(fields.get("region")), "level",
					Forms.text(fields.get("level")), "errorRate", Forms.number(fields.get("errorRate")), "startedAt",
					(startedAt != null) ? startedAt
							: Instant.now(this.clock).truncatedTo(ChronoUnit.SECONDS).toString(),
					"endedAt", endedAt, "estimatedAffectedUsers",
					users(fields.get("usersLow"), fields.get("usersHigh")), "affectedCustomerIds",
					customers(multi.get("customers")));
			answer = this.api.write(HttpMethod.POST, base + "/impacts", body);
		}
		else if (errors.isEmpty() && !"impact".equals(kind)) {
			answer = switch (kind) {
				case "action" -> this.api.write(HttpMethod.POST, base + "/actions", Forms.body("kind",
						Forms.text(fields.get("kind")), "description", text, "occurredAt", occurredAt));
				case "public",
						"status" ->
					this.api.write(HttpMethod.POST, base + "/status-updates",
							Forms.body("status", Forms.text(fields.get("status")), "message", text, "public",
									"public".equals(kind) || "on".equals(fields.get("public")), "publicTitle",
									Forms.text(fields.get("publicTitle")), "occurredAt", occurredAt));
				case "note" -> this.api.write(HttpMethod.POST, base + "/notes",
						Forms.body("text", text, "occurredAt", occurredAt));
				case "severity" -> this.api.write(HttpMethod.POST, base + "/severity", Forms.body("severity",
						Forms.text(fields.get("severity")), "reason", text, "occurredAt", occurredAt));
				case "resolve" -> this.api.write(HttpMethod.POST, base + "/resolve",
						Forms.body("summary", text, "occurredAt", occurredAt));
				case "reopen" -> this.api.write(HttpMethod.POST, base + "/reopen",
						Forms.body("reason", text, "occurredAt", occurredAt));
				case "responder" -> this.api.write(HttpMethod.POST, base + "/responders",
						Forms.body("person", Forms.text(fields.get("person")), "role", Forms.text(fields.get("role")),
								"occurredAt", occurredAt));
				case "release" -> this.api.write(HttpMethod.DELETE, base + "/responders/"
						+ seg(fields.getOrDefault("person", "")) + "/" + seg(fields.getOrDefault("role", "")), null);
				case "end" -> this.api.write(HttpMethod.POST,
						base + "/impacts/" + seg(fields.getOrDefault("impactId", "")) + "/end",
						Forms.body("endedAt", endedAt));
				case "correct" -> this.api.write(HttpMethod.POST,
						base + "/impacts/" + seg(fields.getOrDefault("impactId", "")) + "/corrections",
						Forms.body("startedAt", startedAt, "endedAt", endedAt, "level", Forms.text(fields.get("level")),
								"errorRate", Forms.number(fields.get("errorRate")), "reason", text));
				case "postmortem" -> this.api.write(HttpMethod.POST, base + "/postmortem", postmortem(multi));
				default -> null;
			};
		}
		if (!errors.isEmpty()) {
			return new Sent(-1, errors, "Nothing was recorded: " + String.join("; ", errors.values()));
		}
		if (answer == null) {
			return new Sent(-1, Map.of("mode", "Choose what to record"), "Choose what to record");
		}
		if (answer.ok()) {
			return new Sent(answer.body().path("version").asLong(-1), Map.of(), null);
		}
		return new Sent(-1, formFields(form, kind, answer.fieldErrors()), answer.detail());
	}

	/** The API's field for a form's one text box. */
	private static String textField(String kind) {
		return switch (kind) {
			case "action" -> "description";
			case "status" -> "message";
			case "severity", "reopen", "correct" -> "reason";
			case "resolve" -> "summary";
			default -> "text";
		};
	}

	/**
	 * The API's field names as the form's: the composer's one text box answers for
	 * description, message and text; every complaint about an affected customer goes
	 * beside the customers.
	 */
	private static Map<String, String> formFields(String form, String kind, Map<String, String> api) {
		Map<String, String> errors = new LinkedHashMap<>();
		api.forEach((field, message) -> {
			String name = field;
			if (field.startsWith("affectedCustomerIds")) {
				name = "customers";
			}
			else if ("compose".equals(form) && Set.of("description", "message", "text").contains(field)) {
				name = "text";
			}
			else if (!"compose".equals(form) && field.equals(textField(kind))) {
				name = "text";
			}
			errors.merge(name, message, (a, b) -> a + "; " + b);
		});
		return errors;
	}

	private Object time(Map<String, String> fields, String name, Map<String, String> errors) {
		UtcInput input = UtcInput.read(fields, name, this.clock);
		if (input.error() != null) {
			errors.put(name, input.error());
		}
		return input.instant();
	}

	private static Map<String, Object> postmortem(MultiValueMap<String, String> multi) {
		Map<String, String> fields = multi.toSingleValueMap();
		List<String> lessons = (fields.get("lessons") != null)
				? fields.get("lessons").lines().map(String::strip).filter((line) -> !line.isEmpty()).toList()
				: List.of();
		return Forms.body("rootCause", Forms.text(fields.get("rootCause")), "trigger",
				Forms.text(fields.get("trigger")), "resolution", Forms.text(fields.get("resolution")), "detection",
				Forms.text(fields.get("detection")), "lessons", lessons, "actionItems", actionItems(multi));
	}

	/** The action item rows that have anything in them, in order. */
	static List<Map<String, Object>> actionItems(MultiValueMap<String, String> multi) {
		List<String> descriptions = multi.getOrDefault("itemDescription", List.of());
		List<String> owners = multi.getOrDefault("itemOwner", List.of());
		List<Map<String, Object>> items = new ArrayList<>();
		for (int i = 0; i < Math.max(descriptions.size(), owners.size()); i++) {
			String description = Forms.text((i < descriptions.size()) ? descriptions.get(i) : null);
			String owner = Forms.text((i < owners.size()) ? owners.get(i) : null);
			if (description != null || owner != null) {
				items.add(Forms.body("description", description, "owner", owner));
			}
		}
		return items;
	}

	private static List<String> customers(List<String> values) {
		List<String> ids = new ArrayList<>();
		if (values != null) {
			for (String value : values) {
				for (String id : value.split(",")) {
					if (!id.isBlank() && !ids.contains(id.strip())) {
						ids.add(id.strip());
					}
				}
			}
		}
		return ids;
	}

	private static Map<String, Object> users(String low, String high) {
		if (Forms.text(low) == null && Forms.text(high) == null) {
			return null;
		}
		Map<String, Object> range = new LinkedHashMap<>();
		range.put("low", Forms.number(low));
		range.put("high", Forms.number(high));
		return range;
	}

	private static String seg(String value) {
		return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
	}

}
