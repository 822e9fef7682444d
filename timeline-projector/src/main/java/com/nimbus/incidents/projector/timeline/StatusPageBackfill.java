package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.projector.status.IncidentChange;
import com.nimbus.incidents.projector.status.StatusPageProjector;
import jakarta.annotation.PostConstruct;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Read models written before the status page document existed get it from the summaries,
 * once, before the projector starts consuming (it starts later, as a lifecycle bean):
 * every incident the page shows, with the public updates read back from its timeline. A
 * store that cannot be reached now is caught up by the next start or a rebuild. Once
 * there is a document (even one that shows nothing), this does nothing.
 */
@Component
class StatusPageBackfill {

	private static final Logger log = LoggerFactory.getLogger(StatusPageBackfill.class);

	private static final int BATCH = 1000;

	private final MongoTemplate mongo;

	private final StatusPageProjector statusPage;

	StatusPageBackfill(MongoTemplate mongo, StatusPageProjector statusPage) {
		this.mongo = mongo;
		this.statusPage = statusPage;
	}

	@PostConstruct
	void run() {
		try {
			MongoCollection<Document> summaries = this.mongo.getCollection(TimelineStore.SUMMARIES);
			if (this.statusPage.exists() || summaries.find().limit(1).first() == null) {
				return;
			}
			List<IncidentChange> changes = new ArrayList<>();
			for (Document summary : summaries.find().projection(Projections.include("state"))) {
				changes
					.add(IncidentChange.whole(com.nimbus.incidents.readmodel.IncidentSummaryDocument.state(summary)));
				if (changes.size() == BATCH) {
					this.statusPage.project(changes);
					changes.clear();
				}
			}
			this.statusPage.project(changes);
			this.statusPage.ensureExists();
			log.info("Wrote the status page document from the summaries of an earlier version");
		}
		catch (RuntimeException ex) {
			log.warn("Could not write the status page document from the summaries now: {}", ex.toString());
		}
	}

}
