package com.nimbus.incidents.projector.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.projector.store.Bulk;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.customer.Components;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What contract versions about to be written add to the view of which customers each
 * component (service in a region) has: each customer joins the components its versions
 * cover ({@code $addToSet}, so a retried poll repeats it harmlessly). The impact view of
 * an incident reads it to name the customers its windows may touch; a customer's own
 * incidents are found through its components' months, which need nothing from here.
 */
final class ComponentCustomers {

	private final MongoTemplate mongo;

	ComponentCustomers(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @param written per customer, the terms of the versions about to be written, by
	 * sequence
	 */
	void join(Map<String, SortedMap<Long, ContractTerms>> written) {
		Map<String, Set<String>> customersByComponent = new TreeMap<>();
		written
			.forEach(
					(customerId, versions) -> versions.values()
						.forEach((terms) -> Components.of(terms)
							.forEach((component) -> customersByComponent
								.computeIfAbsent(component, (key) -> new TreeSet<>())
								.add(customerId))));
		List<WriteModel<Document>> joins = new ArrayList<>();
		customersByComponent
			.forEach((component, customers) -> joins.add(Components.addCustomers(component, customers)));
		Bulk.write(this.mongo.getCollection(ReadModelCollections.COMPONENT_CUSTOMERS), joins);
	}

}
