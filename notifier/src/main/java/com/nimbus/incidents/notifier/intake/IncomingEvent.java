package com.nimbus.incidents.notifier.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A record of {@code incident-events} as the notifier reads it: the envelope's fields,
 * its payload as a tree, and its text exactly as on the topic (what a webhook receives).
 */
record IncomingEvent(String eventId, String incidentId, long sequence, String type, Instant occurredAt,
		Instant recordedAt, JsonNode payload, String envelope) {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Reads one record's value; refuses what is not an envelope, saying why. */
	static IncomingEvent read(byte[] value) {
		if (value == null) {
			throw new IllegalArgumentException("the record has no value");
		}
		try {
			JsonNode tree = JSON.readTree(value);
			return new IncomingEvent(text(tree, "eventId"), text(tree, "incidentId"),
					required(tree, "sequence").asLong(), text(tree, "type"), Instant.parse(text(tree, "occurredAt")),
					Instant.parse(text(tree, "recordedAt")), required(tree, "payload"),
					new String(value, StandardCharsets.UTF_8));
		}
		catch (IOException | DateTimeParseException ex) {
			throw new IllegalArgumentException("not a readable envelope: " + ex.getMessage(), ex);
		}
	}

	String payloadText(String field) {
		JsonNode value = this.payload.get(field);
		return (value == null || value.isNull()) ? null : value.asText();
	}

	private static String text(JsonNode tree, String field) {
		return required(tree, field).asText();
	}

	private static JsonNode required(JsonNode tree, String field) {
		JsonNode node = (tree != null) ? tree.get(field) : null;
		if (node == null || node.isNull()) {
			throw new IllegalArgumentException("the envelope has no " + field);
		}
		return node;
	}

}
