package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.projector.store.Bulk;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.customer.Components;
import com.nimbus.incidents.readmodel.impact.ImpactBuckets;
import com.nimbus.incidents.readmodel.impact.ImpactChange;
import com.nimbus.incidents.readmodel.impact.IncidentImpactFacts;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The views of one poll's impact events, in an order that keeps a reader, who reads a
 * view's index before its documents, from missing a window:
 * <ol>
 * <li>the months every version of a changed window touches, the windows open now and the
 * months in which open windows were ended ({@link ImpactBuckets});</li>
 * <li>the facts, each added once to its incident's document
 * ({@link IncidentImpactFacts});</li>
 * <li>the incidents by component and by the months of their windows ({@link Components}):
 * one write per component month, however many customers contract the component; a
 * customer's view reads its components' months;</li>
 * <li>last, the windows now ended removed from the open ones: a customer's view finds a
 * window that was open through them until the ended window is in all its months.</li>
 * </ol>
 * Every write only adds or removes a window that has ended (it never reopens), so a poll
 * retried after any partial failure, or a stale write of an instance that lost the
 * partition, leaves the views as a run without failure does.
 */
final class ImpactViews {

	private final MongoTemplate mongo;

	ImpactViews(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @param entries the entries the poll applied, in sequence order per incident
	 * @param before every incident the poll touched, as before it (absent: new)
	 */
	void write(List<TimelineEntry> entries, Map<String, ProjectedIncident> before) {
		Map<String, List<TimelineEntry>> byIncident = new LinkedHashMap<>();
		for (TimelineEntry entry : entries) {
			if (IncidentImpactFacts.isImpactFact(entry.envelope())) {
				byIncident.computeIfAbsent(entry.envelope().incidentId(), (id) -> new ArrayList<>()).add(entry);
			}
		}
		if (byIncident.isEmpty()) {
			return;
		}
		List<ImpactChange> changes = new ArrayList<>();
		List<WriteModel<Document>> facts = new ArrayList<>();
		byIncident.forEach((incidentId, impactEntries) -> {
			ProjectedIncident previous = before.get(incidentId);
			List<ImpactWindow> windows = (previous != null) ? previous.state().impacts() : List.of();
			List<ImpactChange.Recorded> recorded = new ArrayList<>();
			List<IncidentImpactFacts.Fact> incidentFacts = new ArrayList<>();
			for (TimelineEntry entry : impactEntries) {
				EventEnvelope envelope = entry.envelope();
				recorded.add(new ImpactChange.Recorded(envelope.sequence(), envelope.recordedAt(), envelope.payload()));
				incidentFacts.add(IncidentImpactFacts.Fact.of(entry.envelope()));
			}
			changes.add(ImpactChange.of(incidentId, windows, recorded));
			facts.add(IncidentImpactFacts.add(incidentId, incidentFacts));
		});
		Bulk.write(collection(ReadModelCollections.IMPACT_MONTHS), ImpactBuckets.monthAdds(changes));
		Bulk.write(collection(ReadModelCollections.IMPACT_OPEN), ImpactBuckets.openAdds(changes));
		Bulk.write(collection(ReadModelCollections.INCIDENT_IMPACT_FACTS), facts);
		writeComponents(changes);
		Bulk.write(collection(ReadModelCollections.IMPACT_OPEN), ImpactBuckets.openPulls(changes));
	}

	private void writeComponents(List<ImpactChange> changes) {
		Components.Writes components = Components.addIncidents(Components.incidentsOf(changes));
		Bulk.write(collection(ReadModelCollections.COMPONENT_MONTHS), components.months());
		Bulk.write(collection(ReadModelCollections.COMPONENT_INCIDENTS), components.incidents());
	}

	private MongoCollection<Document> collection(String name) {
		return this.mongo.getCollection(name);
	}

}
