package com.nimbus.incidents.command.eventstore;

import com.nimbus.incidents.events.ContractEvent;
import com.nimbus.incidents.events.EventType;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.IncidentEvent;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Stores incident events under their stable wire names and schema versions, as on Kafka,
 * never under Java class names: a renamed or moved class must not orphan stored events,
 * and Axon upcasters then match on the same names and versions as the consumers do.
 */
class WireNameSerializer extends JacksonSerializer {

	WireNameSerializer(Builder builder) {
		super(builder);
	}

	@Override
	public SerializedType typeForClass(Class type) {
		if (type != null
				&& (IncidentEvent.class.isAssignableFrom(type) || ContractEvent.class.isAssignableFrom(type))) {
			EventType eventType = EventTypes.of(type);
			return new SimpleSerializedType(eventType.name(), String.valueOf(eventType.schemaVersion()));
		}
		return super.typeForClass(type);
	}

	@Override
	protected String resolveClassName(SerializedType serializedType) {
		return EventTypes.named(serializedType.getName())
			.<String>map((eventType) -> eventType.payloadClass().getName())
			.orElseGet(() -> super.resolveClassName(serializedType));
	}

}
