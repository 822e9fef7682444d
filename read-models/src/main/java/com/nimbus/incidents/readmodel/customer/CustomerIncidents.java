package com.nimbus.incidents.readmodel.customer;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.impact.ImpactChange;
import org.bson.Document;

/**
 * The stored shape of {@link ReadModelCollections#CUSTOMER_INCIDENTS}: one document per
 * customer and month, {@code _id} = {@link ReadModelKeys#customerMonth}, whose
 * {@code refs} map each incident that may have touched the customer in that month (a
 * window on a service in a region the customer ever contracted, naming no customers or
 * naming this one) to the span of its windows that concern the customer. The customer's
 * months are listed in {@link ReadModelCollections#CUSTOMER_MONTHS} ({@link MonthIndex}).
 * <p>
 * A ref whose windows have all ended is in every month of its span ({@link #months}); a
 * ref with an open window only in the month it starts: a reader finds it in later months
 * through the windows open now ({@code ImpactBuckets}), which the projector leaves only
 * after the ended ref is written here. A reader keeps the refs whose span meets the
 * period asked for, reads those incidents and applies the exact rule; the span is over
 * every window that concerns the customer, contracted or not, so that it depends on the
 * windows alone. A document holds one month of one customer: its size, and so the cost of
 * each write to it, does not grow with history.
 * <p>
 * A ref is written with {@code $max} on a subdocument whose first field is the sequence
 * of the last impact event it reflects: the latest wins whoever writes it when, and two
 * writes of the same sequence write the same span. A month the latest span no longer
 * touches may keep an earlier ref: the exact rule, applied by the reader, drops it.
 */
public final class CustomerIncidents {

	static final String REFS = "refs";

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private CustomerIncidents() {
	}

	/**
	 * An incident that may have touched a customer.
	 *
	 * @param sequence the sequence of the incident's last impact event reflected
	 * @param firstStart the earliest start of its windows that concern the customer
	 * @param lastEnd the latest end of those windows; {@code null} while one is open
	 */
	public record Ref(String incidentId, long sequence, Instant firstStart, Instant lastEnd) {

		/**
		 * Whether a window of the span may overlap {@code [from, to)} (either
		 * {@code null}: unbounded), by the rule the customer view applies to each window.
		 */
		public boolean mayOverlap(Instant from, Instant to) {
			return (to == null || this.firstStart.isBefore(to))
					&& (from == null || this.lastEnd == null || this.lastEnd.isAfter(from));
		}

	}

	/**
	 * Whether a window concerns a customer: it names no customers, or this one.
	 */
	public static boolean concerns(ImpactWindow window, String customerId) {
		return window.affectedCustomerIds().isEmpty() || window.affectedCustomerIds().contains(customerId);
	}

	/**
	 * The customers an incident's windows may touch.
	 * @param customersByComponent the customers that ever contracted each component
	 */
	public static Set<String> candidates(Collection<ImpactWindow> windows,
			Map<String, ? extends Collection<String>> customersByComponent) {
		Set<String> customers = new TreeSet<>();
		for (ImpactWindow window : windows) {
			Collection<String> contracted = customersByComponent.get(Components.of(window));
			if (contracted == null) {
				continue;
			}
			for (String customerId : contracted) {
				if (concerns(window, customerId)) {
					customers.add(customerId);
				}
			}
		}
		return customers;
	}

	/**
	 * The refs of these changes' incidents by candidate customer.
	 * @param customersByComponent the customers that ever contracted each component the
	 * changes' windows are on
	 */
	public static Map<String, List<Ref>> refsOf(Collection<ImpactChange> changes,
			Map<String, ? extends Collection<String>> customersByComponent) {
		Map<String, List<Ref>> refs = new TreeMap<>();
		for (ImpactChange change : changes) {
			for (String customerId : candidates(change.windows(), customersByComponent)) {
				ref(change.incidentId(), change.lastSequence(), customerId, change.windows())
					.ifPresent((ref) -> refs.computeIfAbsent(customerId, (key) -> new ArrayList<>()).add(ref));
			}
		}
		return refs;
	}

	/**
	 * The ref of an incident for a customer, from its windows after the impact event at
	 * {@code sequence}; empty when no window concerns the customer.
	 */
	public static Optional<Ref> ref(String incidentId, long sequence, String customerId,
			Collection<ImpactWindow> windows) {
		List<ImpactWindow> concerning = windows.stream()
			.filter((window) -> concerns(window, customerId) && window.startedAt() != null)
			.toList();
		if (concerning.isEmpty()) {
			return Optional.empty();
		}
		Instant firstStart = concerning.stream()
			.map(ImpactWindow::startedAt)
			.min(Comparator.naturalOrder())
			.orElseThrow();
		Instant lastEnd = concerning.stream().anyMatch(ImpactWindow::open) ? null
				: concerning.stream().map(ImpactWindow::endedAt).max(Comparator.naturalOrder()).orElseThrow();
		return Optional.of(new Ref(incidentId, sequence, firstStart, lastEnd));
	}

	/**
	 * The months a ref is written in: those of its span when every window has ended, the
	 * month it starts while one is open.
	 */
	public static List<YearMonth> months(Ref ref) {
		return ReadModelKeys.monthsOf(ref.firstStart(), ref.lastEnd());
	}

	/**
	 * The writes of customers' refs: the months added to each customer's index
	 * ({@link ReadModelCollections#CUSTOMER_MONTHS}), to be written first, and each ref
	 * in each of its months ({@link ReadModelCollections#CUSTOMER_INCIDENTS}).
	 */
	public static Writes writes(Map<String, ? extends Collection<Ref>> refsByCustomer) {
		Map<String, SortedSet<YearMonth>> monthsByCustomer = new TreeMap<>();
		List<WriteModel<Document>> refs = new ArrayList<>();
		refsByCustomer.forEach((customerId, customerRefs) -> {
			for (Ref ref : customerRefs) {
				for (YearMonth month : months(ref)) {
					monthsByCustomer.computeIfAbsent(customerId, (key) -> new TreeSet<>()).add(month);
					refs.add(write(ReadModelKeys.customerMonth(customerId, month), ref));
				}
			}
		});
		return new Writes(MonthIndex.adds(monthsByCustomer), refs);
	}

	/**
	 * The writes of {@link #writes}, in the order they are to be made.
	 */
	public record Writes(List<WriteModel<Document>> months, List<WriteModel<Document>> refs) {
	}

	/**
	 * The keys of the customer's months that a window meeting {@code [from, to)} (either
	 * {@code null}: unbounded) may be listed in.
	 * @param months the customer's months ({@link MonthIndex#months})
	 */
	public static List<String> keys(String customerId, List<YearMonth> months, Instant from, Instant to) {
		YearMonth first = (from != null) ? ReadModelKeys.monthOf(from) : null;
		YearMonth last = (to != null) ? ReadModelKeys.monthOf(to.minusNanos(1)) : null;
		List<String> keys = new ArrayList<>();
		for (YearMonth month : months) {
			if (month != null && (first == null || !month.isBefore(first)) && (last == null || !month.isAfter(last))) {
				keys.add(ReadModelKeys.customerMonth(customerId, month));
			}
		}
		return keys;
	}

	/**
	 * Writes a ref in a customer's month unless one of a later impact event is there.
	 */
	static WriteModel<Document> write(String customerMonth, Ref ref) {
		Document value = new Document("sequence", ref.sequence()).append("firstStart", Date.from(ref.firstStart()))
			.append("lastEnd", (ref.lastEnd() != null) ? Date.from(ref.lastEnd()) : null);
		return new UpdateOneModel<>(new Document("_id", customerMonth),
				new Document("$max", new Document(REFS + "." + field(ref.incidentId()), value)), UPSERT);
	}

	/**
	 * The refs of a stored customer document, by incident id.
	 */
	public static List<Ref> refs(Document stored) {
		List<Ref> refs = new ArrayList<>();
		Document all = stored.get(REFS, Document.class);
		if (all == null) {
			return refs;
		}
		all.forEach((field, value) -> {
			Document ref = (Document) value;
			Date lastEnd = ref.getDate("lastEnd");
			refs.add(new Ref(incidentId(field), ref.get("sequence", Number.class).longValue(),
					ref.getDate("firstStart").toInstant(), (lastEnd != null) ? lastEnd.toInstant() : null));
		});
		refs.sort(Comparator.comparing(Ref::incidentId));
		return refs;
	}

	/**
	 * An incident id as a field name: {@code %}, {@code .} and {@code $} escaped, so that
	 * no id can name a path or an operator.
	 */
	static String field(String incidentId) {
		return incidentId.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
	}

	static String incidentId(String field) {
		return field.replace("%2E", ".").replace("%24", "$").replace("%25", "%");
	}

}
