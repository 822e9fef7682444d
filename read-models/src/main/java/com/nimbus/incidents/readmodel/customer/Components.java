package com.nimbus.incidents.readmodel.customer;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import org.bson.Document;

/**
 * The stored shape of the two indexes by component (a service in a region, {@code _id} =
 * {@link ReadModelKeys#component}) that connect customers and incidents whichever comes
 * first: {@link ReadModelCollections#COMPONENT_CUSTOMERS} holds {@code customerIds},
 * every customer that ever contracted the component;
 * {@link ReadModelCollections#COMPONENT_INCIDENTS} holds {@code incidentIds}, every
 * incident with a window on it. Both only grow ({@code $addToSet} by {@code _id}).
 */
public final class Components {

	static final String CUSTOMER_IDS = "customerIds";

	static final String INCIDENT_IDS = "incidentIds";

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private Components() {
	}

	/**
	 * The components a version of a contract covers.
	 */
	public static Set<String> of(ContractTerms terms) {
		Set<String> components = new TreeSet<>();
		for (ServiceTerms service : terms.services()) {
			service.regions().forEach((region) -> components.add(ReadModelKeys.component(service.service(), region)));
		}
		return components;
	}

	/**
	 * The component a window is on.
	 */
	public static String of(ImpactWindow window) {
		return ReadModelKeys.component(window.service(), window.region());
	}

	/**
	 * The components of these windows.
	 */
	public static Set<String> of(Collection<ImpactWindow> windows) {
		Set<String> components = new TreeSet<>();
		windows.forEach((window) -> components.add(of(window)));
		return components;
	}

	/**
	 * Adds customers to a component in {@link ReadModelCollections#COMPONENT_CUSTOMERS}.
	 */
	public static WriteModel<Document> addCustomers(String component, Collection<String> customerIds) {
		return add(component, CUSTOMER_IDS, customerIds);
	}

	/**
	 * Adds incidents to a component in {@link ReadModelCollections#COMPONENT_INCIDENTS}.
	 */
	public static WriteModel<Document> addIncidents(String component, Collection<String> incidentIds) {
		return add(component, INCIDENT_IDS, incidentIds);
	}

	/**
	 * The customers of a stored {@link ReadModelCollections#COMPONENT_CUSTOMERS}
	 * document.
	 */
	public static Set<String> customers(Document stored) {
		return new TreeSet<>(stored.getList(CUSTOMER_IDS, String.class, List.of()));
	}

	/**
	 * The incidents of a stored {@link ReadModelCollections#COMPONENT_INCIDENTS}
	 * document.
	 */
	public static Set<String> incidents(Document stored) {
		return new TreeSet<>(stored.getList(INCIDENT_IDS, String.class, List.of()));
	}

	private static WriteModel<Document> add(String component, String field, Collection<String> ids) {
		return new UpdateOneModel<>(new Document("_id", component),
				new Document("$addToSet", new Document(field, new Document("$each", List.copyOf(new TreeSet<>(ids))))),
				UPSERT);
	}

}
