package com.nimbus.incidents.projector.contract;

import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelIndexes;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.projector.catalog.CatalogProjector;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import com.nimbus.incidents.projector.consumer.RecordsHandler;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.parked.ParkedEvent;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.timeline.EnvelopeDecoder;
import com.nimbus.incidents.projector.timeline.UndecodableEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects {@code contract-events}: one document per contract version, keyed by customer
 * and sequence, holding the whole terms with their {@code effectiveFrom} and when they
 * were recorded. A version is written only once the one before it is; one that arrives
 * ahead of a gap waits in {@link ParkedEvents#CONTRACTS} and is written with the version
 * that fills the gap ({@link ContractSequence}). Every write is idempotent, so a poll
 * retried after a partial failure converges: versions are written (a version delivered
 * twice is written twice to the same document), then the events newly waiting are parked,
 * then the waiting events now written are released. Before the versions, each customer
 * joins the components its versions cover ({@link ComponentCustomers}).
 */
@Component
public class ContractProjector implements RecordsHandler {

	public static final String VERSIONS = ReadModelCollections.CONTRACT_VERSIONS;

	private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

	private final EnvelopeDecoder decoder;

	private final MongoTemplate mongo;

	private final String topic;

	private final DeadLetters deadLetters;

	private final ParkedEvents parked;

	private final ComponentCustomers customers;

	private final Clock clock;

	private final CatalogProjector catalog;

	public ContractProjector(EnvelopeDecoder decoder, MongoTemplate mongo, ConsumerProperties properties,
			DeadLetters deadLetters, Clock clock, CatalogProjector catalog) {
		this.catalog = catalog;
		this.decoder = decoder;
		this.deadLetters = deadLetters;
		this.mongo = mongo;
		this.topic = properties.contractTopic();
		this.parked = new ParkedEvents(mongo, ParkedEvents.CONTRACTS);
		this.customers = new ComponentCustomers(mongo);
		this.clock = clock;
	}

	@Override
	public String topic() {
		return this.topic;
	}

	private record Version(ContractEnvelope envelope, String json) {

	}

	@Override
	public void handle(List<ConsumerRecord<String, byte[]>> records) {
		Map<String, Map<Long, Version>> byCustomer = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				ContractEnvelope envelope = this.decoder.decodeContract(record.value());
				byCustomer.computeIfAbsent(envelope.customerId(), (id) -> new HashMap<>())
					.putIfAbsent(envelope.sequence(),
							new Version(envelope, new String(record.value(), StandardCharsets.UTF_8)));
			}
			catch (UndecodableEvent ex) {
				this.deadLetters.record(record, ex.getMessage());
			}
		}
		if (byCustomer.isEmpty()) {
			return;
		}
		Map<String, Long> all = new HashMap<>();
		byCustomer.keySet().forEach((customerId) -> all.put(customerId, -1L));
		Set<String> waiting = new HashSet<>();
		this.parked.waiting(all).forEach((customerId, events) -> events.forEach((event) -> {
			waiting.add(event.id());
			byCustomer.get(customerId)
				.putIfAbsent(event.sequence(),
						new Version(this.decoder.decodeContract(bytes(event.json())), event.json()));
		}));
		Set<String> stored = stored(byCustomer);
		List<WriteModel<Document>> writes = new ArrayList<>();
		Map<String, SortedMap<Long, ContractTerms>> written = new LinkedHashMap<>();
		List<ParkedEvent> park = new ArrayList<>();
		List<String> release = new ArrayList<>();
		byCustomer.forEach((customerId, versions) -> {
			Set<Long> storedSequences = new HashSet<>();
			versions.keySet().forEach((sequence) -> {
				for (long asked : new long[] { sequence, sequence - 1 }) {
					if (stored.contains(id(customerId, asked))) {
						storedSequences.add(asked);
					}
				}
			});
			ContractSequence.Outcome outcome = ContractSequence.decide(storedSequences, versions.keySet());
			for (long sequence : outcome.write()) {
				String id = id(customerId, sequence);
				writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), document(id, versions.get(sequence).envelope()),
						UPSERT));
				written.computeIfAbsent(customerId, (key) -> new TreeMap<>())
					.put(sequence, versions.get(sequence).envelope().payload().terms());
			}
			for (long sequence : outcome.park()) {
				String id = ParkedEvents.id(customerId, sequence);
				if (!waiting.contains(id)) {
					park.add(
							new ParkedEvent(customerId, sequence, versions.get(sequence).json(), this.clock.instant()));
				}
			}
			versions.keySet()
				.stream()
				.filter((sequence) -> !outcome.park().contains(sequence))
				.map((sequence) -> ParkedEvents.id(customerId, sequence))
				.filter(waiting::contains)
				.forEach(release::add);
		});
		if (!writes.isEmpty()) {
			this.catalog
				.contracts(written.values().stream().flatMap((versions) -> versions.values().stream()).toList());
			this.customers.join(written);
			this.mongo.getCollection(VERSIONS).bulkWrite(writes);
		}
		this.parked.park(park);
		this.parked.release(release);
	}

	/**
	 * The ids of the versions already written among those delivered and the ones before
	 * them, by {@code _id}.
	 */
	private Set<String> stored(Map<String, Map<Long, Version>> byCustomer) {
		List<String> ids = new ArrayList<>();
		byCustomer.forEach((customerId, versions) -> versions.keySet().forEach((sequence) -> {
			ids.add(id(customerId, sequence));
			if (sequence > 0) {
				ids.add(id(customerId, sequence - 1));
			}
		}));
		Set<String> stored = new HashSet<>();
		this.mongo.getCollection(VERSIONS)
			.find(Filters.in("_id", ids))
			.projection(Projections.include("_id"))
			.forEach((document) -> stored.add(document.getString("_id")));
		return stored;
	}

	static String id(String customerId, long sequence) {
		return ReadModelKeys.contractVersionId(customerId, sequence);
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
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
	public Optional<String> unreadable(byte[] value) {
		try {
			this.decoder.decodeContract(value);
			return Optional.empty();
		}
		catch (UndecodableEvent ex) {
			return Optional.of(ex.getMessage());
		}
	}

	@Override
	public void reset() {
		this.mongo.getCollection(VERSIONS).drop();
		this.mongo.getCollection(ReadModelCollections.COMPONENT_CUSTOMERS).drop();
		this.parked.drop();
		this.catalog.drop();
		ReadModelIndexes.ensure(this.mongo.getDb());
	}

}
