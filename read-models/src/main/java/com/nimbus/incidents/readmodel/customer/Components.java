package com.nimbus.incidents.readmodel.customer;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * window on the component in the month ({@link #months}), the months being listed in
 * {@link ReadModelCollections#COMPONENT_MONTHS} ({@link MonthIndex}). All only grow
 * ({@code $addToSet} by {@code _id}); a document of incidents holds one month, so a write
 * to it does not cost more as history grows, and an impact event costs one write per
 * month of its windows, however many customers contract the component.
 * <p>
 * A window that has ended is in every month it overlaps; an open one only in the month it
 * starts: a reader finds it in later months through the windows open now
 * ({@code ImpactBuckets}), from which the projector removes it only after the ended
 * window is in all its months. Every version of a window adds its months, so a month may
 * name an incident a later correction moved away: the reader's exact rule drops it.
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
	 * The months a window is listed in: every month it overlaps once ended, the month it
	 * starts while open, {@code null} (undated) when it has no start.
	 */
	public static List<YearMonth> months(ImpactWindow window) {
		if (window.startedAt() == null) {
			return java.util.Collections.singletonList(null);
		}
		return ReadModelKeys.monthsOf(window.startedAt(), window.open() ? null : window.endedAt());
	}

	/**
	 * The incidents of these changes by component and by the months of their windows
	 * there.
	 */
	public static Map<String, Map<YearMonth, Set<String>>> incidentsOf(Collection<ImpactChange> changes) {
		Map<String, Map<YearMonth, Set<String>>> incidents = new TreeMap<>();
		for (ImpactChange change : changes) {
			add(incidents, change.incidentId(), change.windows());
		}
		return incidents;
	}

	/**
	 * Adds an incident to its windows' components in the months of each window.
	 */
	public static void add(Map<String, Map<YearMonth, Set<String>>> incidents, String incidentId,
			Collection<ImpactWindow> windows) {
		for (ImpactWindow window : windows) {
			Map<YearMonth, Set<String>> byMonth = incidents.computeIfAbsent(of(window), (key) -> new HashMap<>());
			months(window).forEach((month) -> byMonth.computeIfAbsent(month, (key) -> new TreeSet<>()).add(incidentId));
		}
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
	 * The keys of a component's months that a window meeting {@code [from, to)} (either
	 * {@code null}: unbounded) may be listed in; the undated month always.
	 * @param months the component's months ({@link MonthIndex#months})
	 */
	public static List<String> monthKeys(String component, List<YearMonth> months, Instant from, Instant to) {
		YearMonth first = (from != null) ? ReadModelKeys.monthOf(from) : null;
		YearMonth last = (to != null) ? ReadModelKeys.monthOf(to.minusNanos(1)) : null;
		List<String> keys = new ArrayList<>();
		for (YearMonth month : months) {
			if (month == null || (first == null || !month.isBefore(first)) && (last == null || !month.isAfter(last))) {
				keys.add(ReadModelKeys.componentMonth(component, month));
			}
		}
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
