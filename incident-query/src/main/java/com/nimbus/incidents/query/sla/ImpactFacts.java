package com.nimbus.incidents.query.sla;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.model.Filters;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.impact.ImpactBuckets;
import com.nimbus.incidents.readmodel.impact.IncidentImpactFacts;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The impact windows that may count in a month, as known at a time, folded from the
 * projector's {@code incident_impact_facts} with the shared window rule. The incidents
 * are found by {@code _id}: the month's bucket, the windows open now and, for a
 * {@code knownAt} in the past, those ended since ({@link ImpactBuckets}); their facts are
 * read by {@code _id $in}. So a report reads the facts of the incidents that touch its
 * month and of the windows open, whatever else is stored. Every fact is kept until the
 * windows are folded, so each is charged to the request's read budget.
 */
@Component
public class ImpactFacts {

	private final MongoTemplate mongo;

	private final ReadBudget budget;

	public ImpactFacts(MongoTemplate mongo, ReadBudget budget) {
		this.mongo = mongo;
		this.budget = budget;
	}

	/**
	 * Every window that may overlap the month as known at {@code knownAt}, with the
	 * latest values known then; windows of the same incidents in other months too, which
	 * the credit rules clip away.
	 * @param knownAt only the facts recorded by then count
	 * @param now the time of the request
	 */
	public List<CreditWindow> windows(YearMonth month, Instant knownAt, Instant now) {
		Set<String> incidentIds = new TreeSet<>();
		incidentIds.addAll(bucketed(ReadModelCollections.IMPACT_MONTHS, List.of(ReadModelKeys.month(month))));
		incidentIds.addAll(bucketed(ReadModelCollections.IMPACT_OPEN, ImpactBuckets.openKeys(knownAt, now)));
		List<Document> stored = read(ReadModelCollections.INCIDENT_IMPACT_FACTS, incidentIds);
		stored.sort(Comparator.comparing((document) -> document.getString("_id")));
		List<CreditWindow> windows = new ArrayList<>();
		for (Document facts : stored) {
			String incidentId = facts.getString("_id");
			for (ImpactWindow window : IncidentImpactFacts.windows(IncidentImpactFacts.facts(facts), knownAt,
					(type, payload) -> this.mongo.getConverter().read(type, payload))) {
				windows.add(new CreditWindow(incidentId, window.impactId(), window.service(), window.region(),
						window.level(), window.errorRate(), window.startedAt(), window.endedAt(),
						window.affectedCustomerIds()));
			}
		}
		return windows;
	}

	private Set<String> bucketed(String collection, List<String> keys) {
		Set<String> incidentIds = new TreeSet<>();
		read(collection, keys).forEach((bucket) -> incidentIds.addAll(ImpactBuckets.incidentIds(bucket)));
		return incidentIds;
	}

	/**
	 * The documents with these ids, {@code _id $in} in chunks of 1,000, each kept.
	 */
	private List<Document> read(String collection, Collection<String> ids) {
		List<String> all = List.copyOf(ids);
		List<Document> found = new ArrayList<>();
		for (int from = 0; from < all.size(); from += 1000) {
			this.budget.keepAll(ReadBudget.raw(this.mongo.getCollection(collection))
				.find(Filters.in("_id", all.subList(from, Math.min(all.size(), from + 1000)))), found);
		}
		return found;
	}

}
