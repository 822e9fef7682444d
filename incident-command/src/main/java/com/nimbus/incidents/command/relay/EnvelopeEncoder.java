package com.nimbus.incidents.command.relay;

import java.nio.charset.StandardCharsets;

import com.nimbus.incidents.command.incident.EventMetadata;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a stored event into its published form: the envelope of {@code events.md} as
 * JSON, keyed by incident id, with {@code type} and {@code schemaVersion} repeated in the
 * record headers.
 */
class EnvelopeEncoder {

	private final JsonMapper json;

	EnvelopeEncoder(JsonMapper json) {
		this.json = json;
	}

	EventEnvelope envelope(DomainEventMessage<?> message) {
		return EventEnvelope.of(message.getIdentifier(), message.getAggregateIdentifier(), message.getSequenceNumber(),
				EventMetadata.occurredAt(message.getMetaData()), EventMetadata.recordedAt(message.getMetaData()),
				EventMetadata.actor(message.getMetaData()), (IncidentEvent) message.getPayload());
	}

	ProducerRecord<String, byte[]> record(String topic, DomainEventMessage<?> message) {
		EventEnvelope envelope = envelope(message);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.incidentId(),
				this.json.writeValueAsBytes(envelope));
		record.headers().add("type", envelope.type().getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add("schemaVersion", String.valueOf(envelope.schemaVersion()).getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
