package com.nimbus.incidents.query.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.ImpactWindows;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import com.nimbus.incidents.readmodel.IncidentSummaryDocument;
import com.nimbus.incidents.readmodel.ListBucketWriter;
import com.nimbus.incidents.readmodel.TimelineEntryDocument;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.customer.Components;
import com.nimbus.incidents.readmodel.impact.ImpactBuckets;
import com.nimbus.incidents.readmodel.impact.ImpactChange;
import com.nimbus.incidents.readmodel.impact.IncidentImpactFacts;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Writes read models in the layout the projector writes (a summary and a list row per
 * incident, the list buckets, an entry per event; contract versions; the views of impact
 * windows, built with the shared codecs of {@code read-models} as the projector builds
 * them), in bulk, for integration tests that need many incidents.
 */
public final class ReadModelSeed {

	private static final int BULK = 1000;

	private final MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Document> summaries = new ArrayList<>();

	private final List<Document> rows = new ArrayList<>();

	private final List<Document> entries = new ArrayList<>();

	private final List<Document> contracts = new ArrayList<>();

	private final Map<String, Set<String>> customersByComponent = new TreeMap<>();

	private final List<ImpactChange> changes = new ArrayList<>();

	private final List<WriteModel<Document>> facts = new ArrayList<>();

	private final List<IncidentListDocument.Row> bucketRows = new ArrayList<>();

	public ReadModelSeed(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	public ReadModelSeed clear() {
		for (String collection : List.of(IncidentReadModels.SUMMARIES, IncidentReadModels.LIST,
				ReadModelCollections.INCIDENT_LIST_BUCKETS, IncidentReadModels.ENTRIES,
				ReadModelCollections.CONTRACT_VERSIONS, ReadModelCollections.INCIDENT_IMPACT_FACTS,
				ReadModelCollections.IMPACT_MONTHS, ReadModelCollections.IMPACT_OPEN,
				ReadModelCollections.COMPONENT_CUSTOMERS, ReadModelCollections.COMPONENT_INCIDENTS,
				ReadModelCollections.COMPONENT_MONTHS)) {
			this.mongo.getCollection(collection).drop();
		}
		this.customersByComponent.clear();
		return this;
	}

	/**
	 * A contract version, as the projector stores it, and its customer in the components
	 * it covers.
	 */
	public ReadModelSeed contract(String customerId, long sequence, Instant recordedAt, ContractTerms terms) {
		Document converted = new Document();
		this.mongo.getConverter().write(terms, converted);
		converted.remove("_class");
		this.contracts.add(new Document("_id", ReadModelKeys.contractVersionId(customerId, sequence))
			.append("customerId", customerId)
			.append("sequence", sequence)
			.append("type", (sequence == 0) ? "ContractRegistered" : "ContractAmended")
			.append("effectiveFrom", Date.from(terms.effectiveFrom()))
			.append("recordedAt", Date.from(recordedAt))
			.append("terms", converted));
		Components.of(terms)
			.forEach((component) -> this.customersByComponent.computeIfAbsent(component, (key) -> new TreeSet<>())
				.add(customerId));
		return this;
	}

	/**
	 * The incident with these events, one a minute from {@code start}; its timeline
	 * entries too when {@code withEntries}.
	 */
	public ReadModelSeed incident(String incidentId, Instant start, List<IncidentEvent> payloads, boolean withEntries) {
		List<EventEnvelope> log = new ArrayList<>();
		for (IncidentEvent payload : payloads) {
			Instant at = start.plus(Duration.ofMinutes(log.size()));
			log.add(EventEnvelope.of("e-" + incidentId + "-" + log.size(), incidentId, log.size(), at,
					at.plusSeconds(1), "dana@nimbus.example", payload));
		}
		return incident(incidentId, log, withEntries);
	}

	/**
	 * The incident with this log (sequences from 0), and the views of its impact events.
	 */
	public ReadModelSeed incident(String incidentId, List<EventEnvelope> log, boolean withEntries) {
		List<ImpactChange.Recorded> impacts = new ArrayList<>();
		List<IncidentImpactFacts.Fact> incidentFacts = new ArrayList<>();
		for (EventEnvelope envelope : log) {
			if (ImpactWindows.isImpactEvent(envelope.payload())) {
				Document payload = new Document();
				this.mongo.getConverter().write(envelope.payload(), payload);
				payload.remove("_class");
				impacts.add(new ImpactChange.Recorded(envelope.sequence(), envelope.recordedAt(), envelope.payload()));
				incidentFacts.add(new IncidentImpactFacts.Fact(envelope.sequence(), envelope.type(),
						payload.getString("impactId"), envelope.occurredAt(), envelope.recordedAt(), payload));
			}
		}
		if (!impacts.isEmpty()) {
			ImpactChange change = ImpactChange.of(incidentId, List.of(), impacts);
			this.changes.add(change);
			this.facts.add(IncidentImpactFacts.add(incidentId, incidentFacts));
		}
		IncidentState state = IncidentFold.fold(incidentId, log);
		this.rows.add(IncidentListDocument.encode(state));
		this.bucketRows.add(IncidentListDocument.row(state));
		this.summaries.add(IncidentSummaryDocument.encode(state, 0));
		if (withEntries) {
			for (EventEnvelope envelope : log) {
				this.entries.add(TimelineEntryDocument.encode(envelope, envelope.type() + " #" + envelope.sequence(),
						this.json.writeValueAsString(envelope)));
			}
		}
		if (this.summaries.size() >= BULK || this.entries.size() >= BULK) {
			flush();
		}
		return this;
	}

	/**
	 * Writes what is pending.
	 */
	public ReadModelSeed flush() {
		insert(IncidentReadModels.LIST, this.rows);
		new ListBucketWriter(this.mongo.getCollection(ListBucketReads.BUCKETS)).write(this.bucketRows);
		this.bucketRows.clear();
		insert(IncidentReadModels.SUMMARIES, this.summaries);
		insert(IncidentReadModels.ENTRIES, this.entries);
		insert(ReadModelCollections.CONTRACT_VERSIONS, this.contracts);
		write(ReadModelCollections.IMPACT_MONTHS, ImpactBuckets.monthAdds(this.changes));
		write(ReadModelCollections.IMPACT_OPEN, ImpactBuckets.openAdds(this.changes));
		write(ReadModelCollections.INCIDENT_IMPACT_FACTS, this.facts);
		List<WriteModel<Document>> components = new ArrayList<>();
		this.customersByComponent
			.forEach((component, customers) -> components.add(Components.addCustomers(component, customers)));
		write(ReadModelCollections.COMPONENT_CUSTOMERS, components);
		Components.Writes incidents = Components.addIncidents(Components.incidentsOf(this.changes));
		write(ReadModelCollections.COMPONENT_MONTHS, incidents.months());
		write(ReadModelCollections.COMPONENT_INCIDENTS, incidents.incidents());
		write(ReadModelCollections.IMPACT_OPEN, ImpactBuckets.openPulls(this.changes));
		this.changes.clear();
		this.facts.clear();
		return this;
	}

	private void write(String collection, List<WriteModel<Document>> writes) {
		if (!writes.isEmpty()) {
			this.mongo.getCollection(collection).bulkWrite(List.copyOf(writes));
		}
	}

	private void insert(String collection, List<Document> documents) {
		if (!documents.isEmpty()) {
			this.mongo.getCollection(collection).insertMany(documents);
			documents.clear();
		}
	}

}
