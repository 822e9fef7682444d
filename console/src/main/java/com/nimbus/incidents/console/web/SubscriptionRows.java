package com.nimbus.incidents.console.web;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The notifier's subscriptions and deliveries as rows a page shows, pure.
 */
final class SubscriptionRows {

	private SubscriptionRows() {
	}

	/**
	 * A subscription in a row.
	 *
	 * @param state {@code disabled} (a receiver answered 410), {@code paused},
	 * {@code failing} (a delivery was given up on) or {@code active}, the first that
	 * holds
	 * @param filter the filter in words
	 */
	record Row(String id, String name, String channel, String target, String state, String filter) {

	}

	/**
	 * A delivery attempt in a row.
	 */
	record Delivery(String event, String status, String statusCode, String latency, String error, String at) {

	}

	static List<Row> rows(JsonNode list) {
		List<Row> rows = new ArrayList<>();
		JsonNode items = list.isArray() ? list : list.path("subscriptions");
		items.forEach((item) -> rows.add(row(item)));
		return rows;
	}

	static Row row(JsonNode item) {
		return new Row(item.path("subscriptionId").asString(""), item.path("name").asString(""),
				item.path("channel").asString(""), item.path("target").asString(""), state(item),
				filter(item.path("filter")));
	}

	static String state(JsonNode item) {
		if (flag(item, "disabled") || flag(item, "disabledAt")) {
			return "disabled";
		}
		if (flag(item, "paused")) {
			return "paused";
		}
		if (flag(item, "failing")) {
			return "failing";
		}
		return "active";
	}

	/**
	 * Whether a field says yes: {@code true}, or a time (since when).
	 */
	private static boolean flag(JsonNode item, String field) {
		JsonNode value = item.path(field);
		return value.isBoolean() ? value.asBoolean() : (value.isString() && !value.asString().isBlank());
	}

	static String filter(JsonNode filter) {
		List<String> parts = new ArrayList<>();
		join(parts, "services", filter.path("services"));
		join(parts, "regions", filter.path("regions"));
		if (filter.path("minSeverity").isString()) {
			parts.add("severity " + filter.path("minSeverity").asString() + " or worse");
		}
		join(parts, "events", filter.path("types"));
		if (filter.path("incidentId").isString()) {
			parts.add("incident " + filter.path("incidentId").asString());
		}
		if (filter.path("publicOnly").asBoolean(false)) {
			parts.add("public changes only");
		}
		return parts.isEmpty() ? "everything" : String.join("; ", parts);
	}

	private static void join(List<String> parts, String label, JsonNode values) {
		if (values.isArray() && !values.isEmpty()) {
			List<String> items = new ArrayList<>();
			values.forEach((value) -> items.add(value.asString()));
			parts.add(label + ": " + String.join(", ", items));
		}
	}

	static List<Delivery> deliveries(JsonNode answer) {
		List<Delivery> rows = new ArrayList<>();
		JsonNode items = answer.isArray() ? answer : answer.path("deliveries");
		items.forEach((item) -> {
			String type = item.path("eventType").asString("");
			String event = (item.path("incidentId").isString()
					? item.path("incidentId").asString() + " #" + item.path("sequence").asLong() + " " : "") + type;
			int code = item.path("statusCode").asInt(0);
			rows.add(new Delivery(event.isBlank() ? item.path("eventId").asString("") : event.strip(),
					item.path("status").asString(""), (code > 0) ? String.valueOf(code) : "none",
					item.path("latencyMillis").asLong(0) + " ms", item.path("error").asString(""),
					TriageRows.minute(item.path("at").asString(""))));
		});
		return rows;
	}

}
