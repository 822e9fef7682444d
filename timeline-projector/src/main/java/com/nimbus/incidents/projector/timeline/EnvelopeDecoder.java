package com.nimbus.incidents.projector.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.EventType;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.IncidentEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads a record of {@code incident-events} into an envelope. Refuses what it cannot read
 * with {@link UndecodableEvent}, saying why.
 */
@Component
public class EnvelopeDecoder {

	private final JsonMapper json;

	public EnvelopeDecoder(JsonMapper json) {
		this.json = json;
	}

	public Delivered decode(byte[] bytes) {
		if (bytes == null) {
			throw new UndecodableEvent("the record has no value");
		}
		String text = new String(bytes, StandardCharsets.UTF_8);
		try {
			JsonNode tree = this.json.readTree(text);
			String typeName = required(tree, "type").asString();
			EventType type = EventTypes.named(typeName)
				.orElseThrow(() -> new UndecodableEvent("unknown event type '" + typeName + "'"));
			int schemaVersion = required(tree, "schemaVersion").asInt();
			if (schemaVersion != type.schemaVersion()) {
				throw new UndecodableEvent(typeName + " schema version " + schemaVersion
						+ " is not readable here (current: " + type.schemaVersion() + ")");
			}
			IncidentEvent payload = this.json.treeToValue(required(tree, "payload"), type.payloadClass());
			EventEnvelope envelope = new EventEnvelope(required(tree, "eventId").asString(),
					required(tree, "incidentId").asString(), required(tree, "sequence").asLong(), typeName,
					schemaVersion, Instant.parse(required(tree, "occurredAt").asString()),
					Instant.parse(required(tree, "recordedAt").asString()), required(tree, "actor").asString(),
					payload);
			return new Delivered(envelope, text);
		}
		catch (JacksonException | java.time.format.DateTimeParseException ex) {
			throw new UndecodableEvent("not a readable envelope: " + ex.getMessage());
		}
	}

	private static JsonNode required(JsonNode tree, String field) {
		JsonNode node = tree.get(field);
		if (node == null || node.isNull()) {
			throw new UndecodableEvent("the envelope has no " + field);
		}
		return node;
	}

}
