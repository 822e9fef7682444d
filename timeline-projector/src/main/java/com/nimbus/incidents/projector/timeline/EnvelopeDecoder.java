package com.nimbus.incidents.projector.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractEvent;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.EventType;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.Upcasters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads a record of {@code incident-events} or {@code contract-events} into an envelope,
 * upcasting a payload of an older schema version to the current one with the shared
 * {@link Upcasters}; a version from the future is refused. Refuses what it cannot read
 * with {@link UndecodableEvent}, saying why.
 */
@Component
public class EnvelopeDecoder {

	private final JsonMapper json;

	public EnvelopeDecoder(JsonMapper json) {
		this.json = json;
	}

	public Delivered decode(byte[] bytes) {
		Parsed parsed = parse(bytes, IncidentEvent.class);
		EventEnvelope envelope = new EventEnvelope(parsed.eventId(), required(parsed.tree(), "incidentId").asString(),
				parsed.sequence(), parsed.type(), parsed.schemaVersion(), parsed.occurredAt(), parsed.recordedAt(),
				parsed.actor(), (IncidentEvent) parsed.payload());
		return new Delivered(envelope, parsed.text());
	}

	/**
	 * Reads a record of {@code contract-events}.
	 */
	public ContractEnvelope decodeContract(byte[] bytes) {
		Parsed parsed = parse(bytes, ContractEvent.class);
		return new ContractEnvelope(parsed.eventId(), required(parsed.tree(), "customerId").asString(),
				parsed.sequence(), parsed.type(), parsed.schemaVersion(), parsed.occurredAt(), parsed.recordedAt(),
				parsed.actor(), (ContractEvent) parsed.payload());
	}

	private record Parsed(JsonNode tree, String text, String eventId, long sequence, String type, int schemaVersion,
			Instant occurredAt, Instant recordedAt, String actor, Object payload) {
	}

	private Parsed parse(byte[] bytes, Class<?> family) {
		if (bytes == null) {
			throw new UndecodableEvent("the record has no value");
		}
		String text = new String(bytes, StandardCharsets.UTF_8);
		try {
			JsonNode tree = this.json.readTree(text);
			String typeName = required(tree, "type").asString();
			EventType type = EventTypes.named(typeName, family)
				.orElseThrow(
						() -> new UndecodableEvent("unknown " + family.getSimpleName() + " type '" + typeName + "'"));
			int schemaVersion = required(tree, "schemaVersion").asInt();
			JsonNode payloadTree = required(tree, "payload");
			if (schemaVersion != type.schemaVersion()) {
				try {
					@SuppressWarnings("unchecked")
					Map<String, Object> old = this.json.convertValue(payloadTree, Map.class);
					payloadTree = this.json.valueToTree(Upcasters.upcast(typeName, schemaVersion, old));
				}
				catch (IllegalArgumentException | IllegalStateException ex) {
					throw new UndecodableEvent(ex.getMessage());
				}
			}
			Object payload = this.json.treeToValue(payloadTree, type.payloadClass());
			return new Parsed(tree, text, required(tree, "eventId").asString(), required(tree, "sequence").asLong(),
					typeName, type.schemaVersion(), Instant.parse(required(tree, "occurredAt").asString()),
					Instant.parse(required(tree, "recordedAt").asString()), required(tree, "actor").asString(),
					payload);
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
