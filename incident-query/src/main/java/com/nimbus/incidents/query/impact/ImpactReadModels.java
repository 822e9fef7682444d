package com.nimbus.incidents.query.impact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.customer.Components;
import com.nimbus.incidents.readmodel.customer.CustomerIncidents;
import com.nimbus.incidents.readmodel.customer.MonthIndex;
import com.nimbus.incidents.readmodel.impact.ImpactBuckets;
import org.bson.Document;
import org.bson.RawBsonDocument;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models customer success's views read, every one by {@code _id}, each document
 * charged to the request's read budget: summaries by incident id, the customers that ever
 * contracted a component ({@code component_customers}), and the incidents that may have
 * touched a customer (the months of its components in {@code component_incident_months},
 * listed in {@code component_months}, and the windows open now in {@code impact_open}).
 */
@Component
class ImpactReadModels {

	private static final int IDS_PER_QUERY = 1000;

	private final MongoTemplate mongo;

	private final ReadBudget budget;

	ImpactReadModels(MongoTemplate mongo, ReadBudget budget) {
		this.mongo = mongo;
		this.budget = budget;
	}

	Optional<IncidentState> summary(String incidentId) {
		RawBsonDocument summary = collection(ReadModelCollections.INCIDENT_SUMMARIES)
			.find(Filters.eq("_id", incidentId))
			.projection(Projections.include("state"))
			.first();
		return Optional.ofNullable(summary).map((raw) -> state(this.budget.keep(raw)));
	}

	/**
	 * The customers these windows may touch: those that ever contracted a window's
	 * service in its region, and that the window names when it names any.
	 */
	Set<String> customersOf(Collection<ImpactWindow> windows) {
		Map<String, Set<String>> customersByComponent = new TreeMap<>();
		for (Document component : read(ReadModelCollections.COMPONENT_CUSTOMERS, Components.of(windows))) {
			customersByComponent.put(component.getString("_id"), Components.customers(component));
		}
		return CustomerIncidents.candidates(windows, customersByComponent);
	}

	/**
	 * The incidents that may have touched a customer with a window that meets
	 * {@code [from, to)} (either {@code null}: unbounded): those listed in the months of
	 * the period of each component the customer ever contracted (each component's month
	 * index, then those months, by {@code _id}), and those with a window open now, which
	 * are listed only in the month it starts. The caller applies the exact rule.
	 */
	Set<String> touching(Collection<String> components, Instant from, Instant to) {
		List<String> keys = new ArrayList<>();
		for (Document index : read(ReadModelCollections.COMPONENT_MONTHS, components)) {
			keys.addAll(Components.monthKeys(index.getString("_id"), MonthIndex.months(index), from, to));
		}
		Set<String> incidentIds = new TreeSet<>();
		for (Document month : read(ReadModelCollections.COMPONENT_INCIDENTS, keys)) {
			incidentIds.addAll(Components.incidents(month));
		}
		RawBsonDocument open = collection(ReadModelCollections.IMPACT_OPEN).find(Filters.eq("_id", ReadModelKeys.OPEN))
			.first();
		if (open != null) {
			incidentIds.addAll(ImpactBuckets.incidentIds(this.budget.keep(open)));
		}
		return incidentIds;
	}

	/**
	 * Passes the state of each of these incidents to {@code fold} as it is read, a batch
	 * at a time; those {@code fold} keeps (answers {@code true}) stay charged until the
	 * request ends.
	 */
	void summaries(Collection<String> incidentIds, Predicate<IncidentState> fold) {
		List<String> all = List.copyOf(incidentIds);
		for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
			this.budget.stream(collection(ReadModelCollections.INCIDENT_SUMMARIES)
				.find(Filters.in("_id", all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY))))
				.projection(Projections.include("state")), (summary) -> fold.test(state(summary)));
		}
	}

	private List<Document> read(String collection, Collection<String> ids) {
		List<String> all = List.copyOf(ids);
		List<Document> found = new ArrayList<>();
		for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
			this.budget.keepAll(collection(collection)
				.find(Filters.in("_id", all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)))), found);
		}
		return found;
	}

	private IncidentState state(Document summary) {
		return this.mongo.getConverter().read(IncidentState.class, summary.get("state", Document.class));
	}

	private MongoCollection<RawBsonDocument> collection(String name) {
		return ReadBudget.raw(this.mongo.getCollection(name));
	}

}
