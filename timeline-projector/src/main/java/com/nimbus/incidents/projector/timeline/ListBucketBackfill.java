package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.readmodel.IncidentListDocument;
import com.nimbus.incidents.readmodel.ListBucketDocument;
import com.nimbus.incidents.readmodel.ListBucketIds;
import com.nimbus.incidents.readmodel.ListBucketWriter;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Read models written before the list buckets existed get their buckets from the list
 * rows, once, before the projector starts consuming: the rows are written as a poll
 * writes them (only newer versions replace, counts exact), so a backfill cut off, run
 * twice or beside a projecting instance leaves the same buckets. When it is done (or a
 * rebuild has emptied both, to fill them again together) the buckets hold
 * {@link ListBucketIds#BACKFILLED} with the count keys they hold
 * ({@link ListBucketDocument#KEYS}), and later starts skip it; a store that cannot be
 * reached now is caught up by the next start.
 * <p>
 * Buckets marked with other count keys (those of ADR 17's first version counted no pairs)
 * are emptied and written again from the list rows: their counts cannot be moved by rows
 * that count keys they never counted. That runs before this instance consumes; instances
 * of the earlier version must be stopped first, as for a rebuild.
 */
final class ListBucketBackfill {

	private static final Logger log = LoggerFactory.getLogger(ListBucketBackfill.class);

	private static final int ROWS_PER_WRITE = 1000;

	private ListBucketBackfill() {
	}

	static void run(MongoTemplate mongo, ListBucketWriter buckets) {
		try {
			MongoCollection<Document> bucketDocuments = mongo.getCollection(TimelineStore.LIST_BUCKETS);
			Document marker = bucketDocuments.find(new Document("_id", ListBucketIds.BACKFILLED)).first();
			if (marker != null) {
				Number keys = marker.get(ListBucketDocument.KEYS_FIELD, Number.class);
				if (keys != null && keys.intValue() == ListBucketDocument.KEYS) {
					return;
				}
				long emptied = bucketDocuments.deleteMany(new Document()).getDeletedCount();
				log.info("Emptied the incident list's {} buckets of other count keys ({}) to write them again", emptied,
						keys);
			}
			MongoCollection<Document> list = mongo.getCollection(TimelineStore.LIST);
			List<IncidentListDocument.Row> rows = new ArrayList<>(ROWS_PER_WRITE);
			long written = 0;
			for (Document row : list.find().batchSize(ROWS_PER_WRITE)) {
				rows.add(IncidentListDocument.decode(row));
				if (rows.size() == ROWS_PER_WRITE) {
					buckets.write(rows);
					written += rows.size();
					rows.clear();
				}
			}
			buckets.write(rows);
			written += rows.size();
			markDone(mongo);
			if (written > 0) {
				log.info("Wrote the incident list's buckets from the {} list rows of an earlier version", written);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not write the incident list's buckets from the list rows now: {}", ex.toString());
		}
	}

	/**
	 * Records that the buckets hold every list row, so later starts do not read the list.
	 */
	static void markDone(MongoTemplate mongo) {
		mongo.getCollection(TimelineStore.LIST_BUCKETS)
			.replaceOne(new Document("_id", ListBucketIds.BACKFILLED), new Document("_id", ListBucketIds.BACKFILLED)
				.append(ListBucketDocument.KEYS_FIELD, ListBucketDocument.KEYS), new ReplaceOptions().upsert(true));
	}

}
