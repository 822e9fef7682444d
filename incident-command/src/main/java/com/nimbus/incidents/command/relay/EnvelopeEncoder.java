package com.nimbus.incidents.command.relay;

import java.nio.charset.StandardCharsets;

import com.nimbus.incidents.command.contract.ContractIds;
import com.nimbus.incidents.command.incident.EventMetadata;
import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractEvent;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.MetaData;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a stored event into its published form: the envelope of {@code events.md} as
 * JSON, on the topic of its kind, keyed by incident or customer id, with {@code type},
 * {@code schemaVersion}, the aggregate id, the sequence and the event id repeated in the
 * record headers (so that a reader that only needs where an aggregate stands on the
 * topic, the {@link PublishedLog}, does not parse the envelope).
 */
class EnvelopeEncoder {

	static final String AGGREGATE_HEADER = "aggregateId";

	static final String SEQUENCE_HEADER = "sequence";

	static final String EVENT_ID_HEADER = "eventId";

	private final JsonMapper json;

	private final KafkaProperties kafka;

	EnvelopeEncoder(JsonMapper json, KafkaProperties kafka) {
		this.json = json;
		this.kafka = kafka;
	}

	EventEnvelope envelope(DomainEventMessage<?> message) {
		MetaData metaData = message.getMetaData();
		return EventEnvelope.of(message.getIdentifier(), message.getAggregateIdentifier(), message.getSequenceNumber(),
				EventMetadata.occurredAt(metaData), EventMetadata.recordedAt(metaData), EventMetadata.actor(metaData),
				(IncidentEvent) message.getPayload());
	}

	ContractEnvelope contractEnvelope(DomainEventMessage<?> message) {
		MetaData metaData = message.getMetaData();
		return ContractEnvelope.of(message.getIdentifier(), ContractIds.customerId(message.getAggregateIdentifier()),
				message.getSequenceNumber(), EventMetadata.occurredAt(metaData), EventMetadata.recordedAt(metaData),
				EventMetadata.actor(metaData), (ContractEvent) message.getPayload());
	}

	static String contractAggregateId(String customerId) {
		return ContractIds.aggregateId(customerId);
	}

	/**
	 * The event in its published form.
	 */
	Outgoing outgoing(DomainEventMessage<?> message) {
		return new Outgoing(message.getSequenceNumber(), message.getIdentifier(), record(message));
	}

	ProducerRecord<String, byte[]> record(DomainEventMessage<?> message) {
		if (message.getPayload() instanceof ContractEvent) {
			ContractEnvelope envelope = contractEnvelope(message);
			return withHeaders(new ProducerRecord<>(this.kafka.contractTopic(), envelope.customerId(),
					this.json.writeValueAsBytes(envelope)), envelope.type(), envelope.schemaVersion(), message);
		}
		EventEnvelope envelope = envelope(message);
		return withHeaders(
				new ProducerRecord<>(this.kafka.topic(), envelope.incidentId(), this.json.writeValueAsBytes(envelope)),
				envelope.type(), envelope.schemaVersion(), message);
	}

	private static ProducerRecord<String, byte[]> withHeaders(ProducerRecord<String, byte[]> record, String type,
			int schemaVersion, DomainEventMessage<?> message) {
		record.headers().add("type", type.getBytes(StandardCharsets.UTF_8));
		record.headers().add("schemaVersion", String.valueOf(schemaVersion).getBytes(StandardCharsets.UTF_8));
		record.headers().add(AGGREGATE_HEADER, message.getAggregateIdentifier().getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(SEQUENCE_HEADER, String.valueOf(message.getSequenceNumber()).getBytes(StandardCharsets.UTF_8));
		record.headers().add(EVENT_ID_HEADER, message.getIdentifier().getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
