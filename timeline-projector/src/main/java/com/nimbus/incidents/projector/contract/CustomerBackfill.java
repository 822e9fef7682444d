package com.nimbus.incidents.projector.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.projector.store.Bulk;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.customer.Components;
import com.nimbus.incidents.readmodel.customer.CustomerIncidents;
import com.nimbus.incidents.readmodel.customer.MonthIndex;
import com.nimbus.incidents.readmodel.impact.IncidentImpactFacts;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What contract versions about to be written add to the customer views: each customer
 * joins the components (services in regions) its versions cover, and for a component its
 * earlier versions did not cover, the incidents already on that component get the
 * customer's ref, folded from their impact facts. The customer joins a component before
 * its incidents are read, and the incident side adds itself to a component before it
 * reads the customers ({@code ImpactViews}): whichever comes second sees the other. Every
 * write only adds or keeps the latest ref, so the retry of a poll repeats it harmlessly;
 * it runs before the versions are written, since a retry skips versions already stored.
 */
final class CustomerBackfill {

	private static final int INCIDENTS_PER_READ = 200;

	private final MongoTemplate mongo;

	CustomerBackfill(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @param written per customer, the terms of the versions about to be written, by
	 * sequence (each customer's versions below the first are stored)
	 */
	void before(Map<String, SortedMap<Long, ContractTerms>> written) {
		Map<String, Set<String>> earlier = earlierComponents(written);
		Map<String, Set<String>> added = new TreeMap<>();
		Map<String, Set<String>> customersByComponent = new TreeMap<>();
		written.forEach((customerId, versions) -> {
			Set<String> components = new TreeSet<>();
			versions.values().forEach((terms) -> components.addAll(Components.of(terms)));
			components.removeAll(earlier.getOrDefault(customerId, Set.of()));
			if (!components.isEmpty()) {
				added.put(customerId, components);
				components
					.forEach((component) -> customersByComponent.computeIfAbsent(component, (key) -> new TreeSet<>())
						.add(customerId));
			}
		});
		if (added.isEmpty()) {
			return;
		}
		List<WriteModel<Document>> joins = new ArrayList<>();
		customersByComponent
			.forEach((component, customers) -> joins.add(Components.addCustomers(component, customers)));
		Bulk.write(collection(ReadModelCollections.COMPONENT_CUSTOMERS), joins);
		Set<String> incidentIds = incidentsOn(customersByComponent.keySet());
		List<String> ids = List.copyOf(incidentIds);
		for (int from = 0; from < ids.size(); from += INCIDENTS_PER_READ) {
			writeRefs(ids.subList(from, Math.min(ids.size(), from + INCIDENTS_PER_READ)), added);
		}
	}

	/**
	 * Every incident with a window on these components: each component's months read by
	 * {@code _id}, then its months.
	 */
	private Set<String> incidentsOn(Set<String> components) {
		List<String> keys = new ArrayList<>();
		Bulk.byId(collection(ReadModelCollections.COMPONENT_MONTHS), components)
			.forEach((component, index) -> keys.addAll(Components.monthKeys(component, MonthIndex.months(index))));
		Set<String> incidentIds = new TreeSet<>();
		Bulk.sets(collection(ReadModelCollections.COMPONENT_INCIDENTS), keys, Components::incidents)
			.values()
			.forEach(incidentIds::addAll);
		return incidentIds;
	}

	/**
	 * The refs of some incidents for the customers that joined components, folded from
	 * the incidents' impact facts, a bounded number of incidents at a time.
	 */
	private void writeRefs(List<String> incidentIds, Map<String, Set<String>> added) {
		Map<String, Document> facts = Bulk.byId(collection(ReadModelCollections.INCIDENT_IMPACT_FACTS), incidentIds);
		Map<String, List<CustomerIncidents.Ref>> refs = new TreeMap<>();
		facts.forEach((incidentId, stored) -> {
			List<IncidentImpactFacts.Fact> incidentFacts = IncidentImpactFacts.facts(stored);
			if (incidentFacts.isEmpty()) {
				return;
			}
			long sequence = incidentFacts.get(incidentFacts.size() - 1).sequence();
			List<ImpactWindow> windows = IncidentImpactFacts.windows(incidentFacts, null,
					(type, payload) -> this.mongo.getConverter().read(type, payload));
			added.forEach((customerId, components) -> {
				boolean touches = windows.stream()
					.anyMatch((window) -> components.contains(Components.of(window))
							&& CustomerIncidents.concerns(window, customerId));
				if (touches) {
					CustomerIncidents.ref(incidentId, sequence, customerId, windows)
						.ifPresent((ref) -> refs.computeIfAbsent(customerId, (key) -> new ArrayList<>()).add(ref));
				}
			});
		});
		CustomerIncidents.Writes writes = CustomerIncidents.writes(refs);
		Bulk.write(collection(ReadModelCollections.CUSTOMER_MONTHS), writes.months());
		Bulk.write(collection(ReadModelCollections.CUSTOMER_INCIDENTS), writes.refs());
	}

	/**
	 * The components each customer's stored versions (those below the first written now)
	 * cover, read by {@code _id}.
	 */
	private Map<String, Set<String>> earlierComponents(Map<String, SortedMap<Long, ContractTerms>> written) {
		List<String> ids = new ArrayList<>();
		written.forEach((customerId, versions) -> {
			for (long sequence = 0; sequence < versions.firstKey(); sequence++) {
				ids.add(ReadModelKeys.contractVersionId(customerId, sequence));
			}
		});
		Map<String, Set<String>> components = new TreeMap<>();
		Bulk.byId(collection(ReadModelCollections.CONTRACT_VERSIONS), ids)
			.values()
			.forEach((version) -> components.computeIfAbsent(version.getString("customerId"), (id) -> new TreeSet<>())
				.addAll(Components
					.of(this.mongo.getConverter().read(ContractTerms.class, version.get("terms", Document.class)))));
		return components;
	}

	private MongoCollection<Document> collection(String name) {
		return this.mongo.getCollection(name);
	}

}
