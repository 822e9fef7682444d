package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Read models written before the list collection existed get their list rows from the
 * summaries, once, before the projector starts consuming (it starts later, as a lifecycle
 * bean); a store that cannot be reached now is caught up by the next start or a rebuild.
 */
final class ListBackfill {

	private static final Logger log = LoggerFactory.getLogger(ListBackfill.class);

	private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

	private ListBackfill() {
	}

	static void run(MongoTemplate mongo) {
		try {
			MongoCollection<Document> list = mongo.getCollection(TimelineStore.LIST);
			MongoCollection<Document> summaries = mongo.getCollection(TimelineStore.SUMMARIES);
			if (list.find().limit(1).first() != null || summaries.find().limit(1).first() == null) {
				return;
			}
			List<WriteModel<Document>> rows = new ArrayList<>();
			for (Document summary : summaries.find().projection(Projections.include(IncidentListDocument.FIELDS))) {
				rows.add(new ReplaceOneModel<>(Filters.eq("_id", summary.get("_id")), summary, UPSERT));
				if (rows.size() == 1000) {
					list.bulkWrite(rows);
					rows.clear();
				}
			}
			if (!rows.isEmpty()) {
				list.bulkWrite(rows);
			}
			log.info("Wrote the incident list from the summaries of an earlier version");
		}
		catch (RuntimeException ex) {
			log.warn("Could not write the incident list from the summaries now: {}", ex.toString());
		}
	}

}
