package com.nimbus.incidents.projector.contract;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import com.nimbus.incidents.projector.consumer.RecordsHandler;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.timeline.EnvelopeDecoder;
import com.nimbus.incidents.projector.timeline.UndecodableEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects {@code contract-events}: one document per contract version, keyed by customer
 * and sequence, holding the whole terms with their {@code effectiveFrom} and when they
 * were recorded. A version delivered twice is written twice to the same document; the
 * order of delivery does not matter, since each version is complete.
 */
@Component
public class ContractProjector implements RecordsHandler {

	public static final String VERSIONS = "contract_versions";

	private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

	private final EnvelopeDecoder decoder;

	private final MongoTemplate mongo;

	private final String topic;

	private final DeadLetters deadLetters;

	public ContractProjector(EnvelopeDecoder decoder, MongoTemplate mongo, ConsumerProperties properties,
			DeadLetters deadLetters) {
		this.decoder = decoder;
		this.deadLetters = deadLetters;
		this.mongo = mongo;
		this.topic = properties.contractTopic();
	}

	@Override
	public String topic() {
		return this.topic;
	}

	@Override
	public void handle(List<ConsumerRecord<String, byte[]>> records) {
		List<WriteModel<Document>> writes = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				ContractEnvelope envelope = this.decoder.decodeContract(record.value());
				String id = envelope.customerId() + ":" + String.format("%010d", envelope.sequence());
				writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), document(id, envelope), UPSERT));
			}
			catch (UndecodableEvent ex) {
				this.deadLetters.record(record, ex.getMessage());
			}
		}
		if (!writes.isEmpty()) {
			this.mongo.getCollection(VERSIONS).bulkWrite(writes);
		}
	}

	private Document document(String id, ContractEnvelope envelope) {
		ContractTerms terms = envelope.payload().terms();
		Document converted = new Document();
		this.mongo.getConverter().write(terms, converted);
		converted.remove("_class");
		return new Document("_id", id).append("customerId", envelope.customerId())
			.append("sequence", envelope.sequence())
			.append("type", envelope.type())
			.append("effectiveFrom", Date.from(terms.effectiveFrom()))
			.append("recordedAt", Date.from(envelope.recordedAt()))
			.append("terms", converted);
	}

	@Override
	public java.util.Optional<String> unreadable(byte[] value) {
		try {
			this.decoder.decodeContract(value);
			return java.util.Optional.empty();
		}
		catch (UndecodableEvent ex) {
			return java.util.Optional.of(ex.getMessage());
		}
	}

	@Override
	public void reset() {
		this.mongo.getCollection(VERSIONS).drop();
	}

}
