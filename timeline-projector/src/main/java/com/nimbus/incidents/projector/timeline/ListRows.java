package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import org.bson.Document;

/**
 * Brings the list rows of a poll's incidents up to their summaries: reads the rows'
 * versions by {@code _id}, then inserts the missing rows and replaces those behind, each
 * replacement guarded by the exact version read ({@code {_id, version}}: an equality the
 * unique index {@code list_by_id_and_version} answers as a lookup on the embedded store,
 * where a range on {@code version} would scan every row). A row already at or past its
 * summary is left alone, so a row is never moved back; a row that moved between the read
 * and the write fails the poll, which is retried from the store.
 */
final class ListRows {

	private final MongoCollection<Document> rows;

	ListRows(MongoCollection<Document> rows) {
		this.rows = rows;
	}

	void catchUp(Collection<IncidentState> states) {
		if (states.isEmpty()) {
			return;
		}
		Map<String, Long> stored = new HashMap<>();
		List<String> ids = states.stream().map(IncidentState::incidentId).toList();
		for (Document row : this.rows.find(Filters.in("_id", ids)).projection(Projections.include("version"))) {
			stored.put(row.getString("_id"), row.get("version", Number.class).longValue());
		}
		List<WriteModel<Document>> writes = new ArrayList<>();
		int replacements = 0;
		for (IncidentState state : states) {
			Long version = stored.get(state.incidentId());
			if (version == null) {
				writes.add(new InsertOneModel<>(IncidentListDocument.encode(state)));
			}
			else if (version < state.version()) {
				writes.add(new ReplaceOneModel<>(new Document("_id", state.incidentId()).append("version", version),
						IncidentListDocument.encode(state)));
				replacements++;
			}
		}
		if (writes.isEmpty()) {
			return;
		}
		BulkWriteResult result;
		try {
			result = this.rows.bulkWrite(writes, new BulkWriteOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			throw new TimelineStore.SummaryMoved(
					"A list row was written meanwhile by someone else: " + ex.getMessage());
		}
		if (result.getMatchedCount() != replacements) {
			throw new TimelineStore.SummaryMoved("Only " + result.getMatchedCount() + " of " + replacements
					+ " list rows were still at the version this projector read");
		}
	}

}
