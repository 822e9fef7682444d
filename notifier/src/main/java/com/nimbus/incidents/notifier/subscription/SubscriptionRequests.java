package com.nimbus.incidents.notifier.subscription;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbus.incidents.events.EventType;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.notifier.channel.ChannelKind;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies field by field, refusing the whole body at the first wrong field
 * with its name and what is allowed: unknown fields, wrong types, unknown enum values and
 * event types, text over its limit.
 */
final class SubscriptionRequests {

	static final int MAX_TARGET = 2048;

	static final int MAX_TEXT = 200;

	static final int MAX_LIST = 100;

	private static final Set<String> BODY_FIELDS = Set.of("channel", "target", "filter", "name");

	private static final Set<String> FILTER_FIELDS = Set.of("services", "regions", "minSeverity", "types", "incidentId",
			"publicOnly");

	private static final Set<String> EVENT_TYPES = EventTypes.all()
		.stream()
		.filter((type) -> type.family().equals(IncidentEvent.class))
		.map(EventType::name)
		.collect(Collectors.toUnmodifiableSet());

	private SubscriptionRequests() {
	}

	static NewSubscription create(JsonNode body) {
		object(body, "body", BODY_FIELDS);
		String channelName = requiredText(body, "channel", MAX_TEXT);
		ChannelKind channel = Arrays.stream(ChannelKind.values())
			.filter((kind) -> kind.name().equals(channelName))
			.findFirst()
			.orElseThrow(() -> InvalidSubscription.malformed("channel",
					"channel must be one of " + Arrays.toString(ChannelKind.values()) + ", not '" + channelName + "'"));
		String target = requiredText(body, "target", MAX_TARGET);
		String name = optionalText(body, "name", MAX_TEXT);
		JsonNode filterNode = body.get("filter");
		Filter filter = (filterNode == null || filterNode.isNull()) ? Filter.everything() : filter(filterNode);
		return new NewSubscription(channel, target, filter, name);
	}

	static Instant replayFrom(JsonNode body) {
		object(body, "body", Set.of("from"));
		String from = requiredText(body, "from", MAX_TEXT);
		try {
			return Instant.parse(from);
		}
		catch (DateTimeParseException ex) {
			throw InvalidSubscription.malformed("from",
					"from must be an ISO-8601 time in UTC, such as " + "2021-12-07T16:00:00Z, not '" + from + "'");
		}
	}

	private static Filter filter(JsonNode node) {
		object(node, "filter", FILTER_FIELDS);
		Set<String> services = texts(node, "services");
		Set<String> regions = texts(node, "regions");
		Set<String> types = texts(node, "types");
		for (String type : types) {
			if (!EVENT_TYPES.contains(type)) {
				throw InvalidSubscription.malformed("filter.types", "unknown event type '" + type + "'; known types: "
						+ EVENT_TYPES.stream().sorted().collect(Collectors.joining(", ")));
			}
		}
		String severityName = optionalText(node, "minSeverity", MAX_TEXT);
		Severity minSeverity = null;
		if (severityName != null) {
			minSeverity = Arrays.stream(Severity.values())
				.filter((severity) -> severity.name().equals(severityName))
				.findFirst()
				.orElseThrow(() -> InvalidSubscription.malformed("filter.minSeverity", "minSeverity must be one of "
						+ Arrays.toString(Severity.values()) + ", not '" + severityName + "'"));
		}
		String incidentId = optionalText(node, "incidentId", MAX_TEXT);
		JsonNode publicOnly = node.get("publicOnly");
		if (publicOnly != null && !publicOnly.isNull() && !publicOnly.isBoolean()) {
			throw InvalidSubscription.malformed("filter.publicOnly", "publicOnly must be true or false");
		}
		return new Filter(services, regions, minSeverity, types, incidentId,
				publicOnly != null && publicOnly.asBoolean(false));
	}

	private static void object(JsonNode node, String field, Set<String> allowed) {
		if (node == null || !node.isObject()) {
			throw InvalidSubscription.malformed(field, field + " must be a JSON object");
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!allowed.contains(entry.getKey())) {
				String where = field.equals("body") ? entry.getKey() : field + "." + entry.getKey();
				throw InvalidSubscription.malformed(where,
						"unknown field '" + where + "'; allowed: " + allowed.stream().sorted().toList());
			}
		}
	}

	private static String requiredText(JsonNode node, String field, int max) {
		String value = optionalText(node, field, max);
		if (value == null) {
			throw InvalidSubscription.malformed(field, field + " is required");
		}
		return value;
	}

	private static String optionalText(JsonNode node, String field, int max) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString() || value.asString().isBlank()) {
			throw InvalidSubscription.malformed(field, field + " must be a non-empty string");
		}
		if (value.asString().length() > max) {
			throw InvalidSubscription.malformed(field, field + " is longer than " + max + " characters");
		}
		return value.asString();
	}

	private static Set<String> texts(JsonNode node, String field) {
		JsonNode value = node.get(field);
		Set<String> texts = new LinkedHashSet<>();
		if (value == null || value.isNull()) {
			return texts;
		}
		String where = "filter." + field;
		if (!value.isArray() || value.size() > MAX_LIST) {
			throw InvalidSubscription.malformed(where, field + " must be a list of at most " + MAX_LIST + " strings");
		}
		for (JsonNode element : value) {
			if (!element.isString() || element.asString().isBlank() || element.asString().length() > MAX_TEXT) {
				throw InvalidSubscription.malformed(where,
						field + " must hold non-empty strings of at most " + MAX_TEXT + " characters");
			}
			texts.add(element.asString());
		}
		return texts;
	}

}
