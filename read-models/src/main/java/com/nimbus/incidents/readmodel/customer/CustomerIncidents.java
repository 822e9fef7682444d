package com.nimbus.incidents.readmodel.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import org.bson.Document;

/**
 * The stored shape of {@link ReadModelCollections#CUSTOMER_INCIDENTS}: one document per
 * customer, {@code _id} = customer id, whose {@code refs} map each incident that may have
 * touched the customer (a window on a service in a region the customer ever contracted,
 * naming no customers or naming this one) to the span of its windows that concern the
 * customer. A reader keeps the refs whose span meets the period asked for, reads those
 * incidents and applies the exact rule; the span is over every window that concerns the
 * customer, contracted or not, so that it depends on the windows alone.
 * <p>
 * A ref is written with {@code $max} on a subdocument whose first field is the sequence
 * of the last impact event it reflects: the latest wins whoever writes it when, and two
 * writes of the same sequence write the same span.
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
	 * Writes a customer's ref unless one of a later impact event is there.
	 */
	public static WriteModel<Document> write(String customerId, Ref ref) {
		Document value = new Document("sequence", ref.sequence()).append("firstStart", Date.from(ref.firstStart()))
			.append("lastEnd", (ref.lastEnd() != null) ? Date.from(ref.lastEnd()) : null);
		return new UpdateOneModel<>(new Document("_id", customerId),
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
