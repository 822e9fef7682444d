package com.nimbus.incidents.readmodel.customer;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.impact.ImpactChange;
import org.bson.Document;

/**
 * The stored shape of the two indexes by component (a service in a region,
 * {@link ReadModelKeys#component}) that connect customers and incidents whichever comes
 * first: {@link ReadModelCollections#COMPONENT_CUSTOMERS} ({@code _id} = component) holds
 * {@code customerIds}, every customer that ever contracted the component;
 * {@link ReadModelCollections#COMPONENT_INCIDENTS} ({@code _id} =
 * {@link ReadModelKeys#componentMonth}) holds {@code incidentIds}, every incident with a
 * window on the component that starts in the month, the months being listed in
 * {@link ReadModelCollections#COMPONENT_MONTHS} ({@link MonthIndex}). All only grow
 * ({@code $addToSet} by {@code _id}); a document of incidents holds one month, so a write
 * to it does not cost more as history grows.
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
	 * The months the windows start in, by component ({@code null}: a window with no
	 * start).
	 */
	public static Map<String, Set<YearMonth>> startMonths(Collection<ImpactWindow> windows) {
		Map<String, Set<YearMonth>> months = new TreeMap<>();
		for (ImpactWindow window : windows) {
			months.computeIfAbsent(of(window), (key) -> new HashSet<>())
				.add((window.startedAt() != null) ? ReadModelKeys.monthOf(window.startedAt()) : null);
		}
		return months;
	}

	/**
	 * The incidents of these changes by component and by the months their windows there
	 * start in.
	 */
	public static Map<String, Map<YearMonth, Set<String>>> incidentsOf(Collection<ImpactChange> changes) {
		Map<String, Map<YearMonth, Set<String>>> incidents = new TreeMap<>();
		for (ImpactChange change : changes) {
			startMonths(change.windows()).forEach((component,
					months) -> months.forEach((month) -> incidents.computeIfAbsent(component, (key) -> new HashMap<>())
						.computeIfAbsent(month, (key) -> new TreeSet<>())
						.add(change.incidentId())));
		}
		return incidents;
	}

	/**
	 * The writes that add incidents to components: the months added to each component's
	 * index ({@link ReadModelCollections#COMPONENT_MONTHS}), to be written first, then
	 * the incidents to each month ({@link ReadModelCollections#COMPONENT_INCIDENTS}).
	 * @param incidents the incident ids by component and start month
	 */
	public static Writes addIncidents(Map<String, Map<YearMonth, Set<String>>> incidents) {
		List<WriteModel<Document>> buckets = new ArrayList<>();
		Map<String, Set<YearMonth>> months = new TreeMap<>();
		incidents.forEach((component, byMonth) -> {
			months.put(component, byMonth.keySet());
			byMonth.forEach((month, ids) -> buckets
				.add(add(ReadModelKeys.componentMonth(component, month), INCIDENT_IDS, ids)));
		});
		return new Writes(MonthIndex.adds(months), buckets);
	}

	/**
	 * The writes of {@link #addIncidents}, in the order they are to be made.
	 */
	public record Writes(List<WriteModel<Document>> months, List<WriteModel<Document>> incidents) {
	}

	/**
	 * The keys of a component's months of incidents.
	 * @param months the component's months ({@link MonthIndex#months})
	 */
	public static List<String> monthKeys(String component, List<YearMonth> months) {
		List<String> keys = new ArrayList<>(months.size());
		months.forEach((month) -> keys.add(ReadModelKeys.componentMonth(component, month)));
		return keys;
	}

	/**
	 * The customers of a stored {@link ReadModelCollections#COMPONENT_CUSTOMERS}
	 * document.
	 */
	public static Set<String> customers(Document stored) {
		return new TreeSet<>(stored.getList(CUSTOMER_IDS, String.class, List.of()));
	}

	/**
	 * The incidents of a stored {@link ReadModelCollections#COMPONENT_INCIDENTS} (or
	 * legacy) document.
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
