package com.nimbus.incidents.console.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscription form to the notifier's {@code POST /api/subscriptions} body, pure:
 * {@code channel}, {@code target}, {@code name} and a {@code filter} of the fields given
 * (services, regions and event types as comma-separated lists, the minimum severity,
 * public only). What cannot be read is sent as typed, so the notifier's problem names it.
 */
final class SubscriptionForm {

	static final List<String> CHANNELS = List.of("WEBHOOK", "SLACK", "EMAIL");

	static final List<String> SEVERITIES = List.of("SEV1", "SEV2", "SEV3", "SEV4");

	private SubscriptionForm() {
	}

	static Map<String, Object> body(Map<String, String> form) {
		Map<String, Object> filter = new LinkedHashMap<>();
		putList(filter, "services", form.get("services"));
		putList(filter, "regions", form.get("regions"));
		putList(filter, "types", form.get("types"));
		String minSeverity = Forms.text(form.get("minSeverity"));
		if (minSeverity != null) {
			filter.put("minSeverity", minSeverity);
		}
		if (form.containsKey("publicOnly")) {
			filter.put("publicOnly", true);
		}
		Map<String, Object> body = Forms.body("channel", Forms.text(form.get("channel")), "target",
				Forms.text(form.get("target")), "name", Forms.text(form.get("name")));
		body.put("filter", filter);
		return body;
	}

	/**
	 * {@code "a, b,,c "} as {@code [a, b, c]}.
	 */
	static List<String> list(String value) {
		List<String> items = new ArrayList<>();
		if (value != null) {
			for (String item : value.split(",")) {
				if (!item.isBlank()) {
					items.add(item.strip());
				}
			}
		}
		return items;
	}

	private static void putList(Map<String, Object> filter, String field, String value) {
		List<String> items = list(value);
		if (!items.isEmpty()) {
			filter.put(field, items);
		}
	}

}
