package com.nimbus.incidents.command.eventstore;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.Upcasters;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Axon's side of schema evolution: an event stored under an older schema version (Axon's
 * revision) is read in the current one, through the same {@link Upcasters} the consumers
 * use.
 */
class SchemaUpcaster extends SingleEventUpcaster {

	private final ObjectMapper json;

	SchemaUpcaster(ObjectMapper json) {
		this.json = json;
	}

	@Override
	protected boolean canUpcast(IntermediateEventRepresentation representation) {
		String revision = representation.getType().getRevision();
		return revision != null && revision.matches("\\d+")
				&& Upcasters.isOld(representation.getType().getName(), Integer.parseInt(revision));
	}

	@Override
	protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
		String type = representation.getType().getName();
		int from = Integer.parseInt(representation.getType().getRevision());
		int to = EventTypes.named(type).orElseThrow().schemaVersion();
		return representation.upcastPayload(new SimpleSerializedType(type, String.valueOf(to)), JsonNode.class,
				(payload) -> {
					@SuppressWarnings("unchecked")
					Map<String, Object> old = this.json.convertValue(payload, Map.class);
					return this.json.valueToTree(Upcasters.upcast(type, from, old));
				});
	}

}
