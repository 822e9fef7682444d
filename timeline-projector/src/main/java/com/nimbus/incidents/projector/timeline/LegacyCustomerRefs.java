package com.nimbus.incidents.projector.timeline;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.projector.store.Bulk;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.customer.Components;
import com.nimbus.incidents.readmodel.impact.IncidentImpactFacts;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Read models of an earlier version kept one document of refs per customer and one of
 * incidents per component, each growing with all history. Once at start, before the
 * projector consumes, the incidents of each component are moved into its months (their
 * windows folded from their impact facts, 200 incidents at a time), and both old
 * collections are dropped. Every write is an {@code $addToSet}, so a start cut off
 * half-way is finished by the next one; a store that cannot be reached now is moved by
 * the next start.
 */
final class LegacyCustomerRefs {

	private static final Logger log = LoggerFactory.getLogger(LegacyCustomerRefs.class);

	private static final int INCIDENTS_PER_READ = 200;

	private LegacyCustomerRefs() {
	}

	static void run(MongoTemplate mongo) {
		try {
			MongoCollection<Document> components = mongo.getCollection(ReadModelCollections.LEGACY_COMPONENT_INCIDENTS);
			// one component at a time, its incidents a chunk at a time: memory holds one
			// old document, however many incidents the store holds (an incident on
			// several
			// components is moved once for each, harmlessly)
			long moved = 0;
			for (Document component : components.find()) {
				List<String> ids = List.copyOf(Components.incidents(component));
				for (int from = 0; from < ids.size(); from += INCIDENTS_PER_READ) {
					move(mongo, ids.subList(from, Math.min(ids.size(), from + INCIDENTS_PER_READ)));
				}
				moved += ids.size();
			}
			components.drop();
			mongo.getCollection(ReadModelCollections.LEGACY_CUSTOMER_INCIDENTS).drop();
			if (moved > 0) {
				log.info("Moved {} incidents of an earlier version into the months of their components", moved);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not move the component incidents of an earlier version now: {}", ex.toString());
		}
	}

	private static void move(MongoTemplate mongo, List<String> incidentIds) {
		Map<String, Map<YearMonth, Set<String>>> incidents = new TreeMap<>();
		Bulk.byId(mongo.getCollection(ReadModelCollections.INCIDENT_IMPACT_FACTS), incidentIds)
			.forEach((incidentId, stored) -> {
				List<ImpactWindow> windows = IncidentImpactFacts.windows(IncidentImpactFacts.facts(stored), null,
						(type, payload) -> mongo.getConverter().read(type, payload));
				Components.add(incidents, incidentId, windows);
			});
		Components.Writes writes = Components.addIncidents(incidents);
		Bulk.write(mongo.getCollection(ReadModelCollections.COMPONENT_MONTHS), writes.months());
		Bulk.write(mongo.getCollection(ReadModelCollections.COMPONENT_INCIDENTS), writes.incidents());
	}

}
