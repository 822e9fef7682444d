package com.nimbus.incidents.query.sla;

import com.nimbus.incidents.readmodel.ReadModelCollections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.ImpactWindows;
import com.nimbus.incidents.history.ImpactWindows.SequencedEvent;
import com.nimbus.incidents.query.limits.ReadBudget;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Every incident's impact windows as known at a time, folded from the projector's
 * {@code impact_facts} (one document per impact event) with the shared window rule. Every
 * fact is kept until the windows are folded, so each is charged to the request's read
 * budget: a month's report over too many facts is refused, never left to exhaust the
 * heap.
 */
@Component
public class ImpactFacts {

	static final String FACTS = ReadModelCollections.IMPACT_FACTS;

	private final MongoTemplate mongo;

	private final ReadBudget budget;

	public ImpactFacts(MongoTemplate mongo, ReadBudget budget) {
		this.mongo = mongo;
		this.budget = budget;
	}

	/**
	 * @param knownAt only the facts recorded by then count; {@code null}: all
	 */
	public List<CreditWindow> windows(Instant knownAt) {
		Document filter = (knownAt != null) ? new Document("recordedAt", new Document("$lte", Date.from(knownAt)))
				: new Document();
		Map<String, List<SequencedEvent>> byIncident = new TreeMap<>();
		List<Document> stored = new ArrayList<>();
		this.budget.keepAll(ReadBudget.raw(this.mongo.getCollection(FACTS)).find(filter), stored);
		for (Document fact : stored) {
			@SuppressWarnings("unchecked")
			Class<? extends IncidentEvent> type = (Class<? extends IncidentEvent>) EventTypes
				.named(fact.getString("type"), IncidentEvent.class)
				.orElseThrow(() -> new IllegalStateException("Unknown impact fact " + fact.getString("type")))
				.payloadClass();
			byIncident.computeIfAbsent(fact.getString("incidentId"), (id) -> new ArrayList<>())
				.add(new SequencedEvent(fact.get("sequence", Number.class).longValue(),
						this.mongo.getConverter().read(type, fact.get("payload", Document.class))));
		}
		List<CreditWindow> windows = new ArrayList<>();
		byIncident.forEach((incidentId, facts) -> {
			facts.sort(Comparator.comparingLong(SequencedEvent::sequence));
			for (ImpactWindow window : ImpactWindows.fold(facts)) {
				windows.add(new CreditWindow(incidentId, window.impactId(), window.service(), window.region(),
						window.level(), window.errorRate(), window.startedAt(), window.endedAt(),
						window.affectedCustomerIds()));
			}
		});
		return windows;
	}

}
