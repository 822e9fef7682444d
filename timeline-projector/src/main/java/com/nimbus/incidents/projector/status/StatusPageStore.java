package com.nimbus.incidents.projector.status;

import java.util.UUID;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.status.StatusPageCodec;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The status page document in the store: read by {@code _id}, replaced only at the
 * version read. Several projector instances write it (each for the incidents of its
 * partitions), so a write that finds another version reports it and the caller merges
 * again.
 */
class StatusPageStore {

	private final MongoTemplate mongo;

	StatusPageStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	StatusPageDocument read() {
		return StatusPageCodec
			.fromDocument(collection().find(new Document("_id", ReadModelKeys.STATUS_PAGE_ID)).first());
	}

	/**
	 * Writes {@code next} if the stored document is still at {@code readVersion}
	 * ({@code 0}: none stored; the first one gets a new epoch).
	 * @return whether it was written
	 */
	boolean replace(long readVersion, StatusPageDocument next) {
		if (readVersion == 0) {
			StatusPageDocument first = new StatusPageDocument(UUID.randomUUID().toString(), next.version(),
					next.incidents());
			try {
				collection().insertOne(StatusPageCodec.toDocument(first));
				return true;
			}
			catch (MongoWriteException ex) {
				if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
					return false;
				}
				throw ex;
			}
		}
		// a plain filter with _id at its top, which the embedded store looks up by _id
		return collection()
			.replaceOne(new Document("_id", ReadModelKeys.STATUS_PAGE_ID).append("version", readVersion),
					StatusPageCodec.toDocument(next))
			.getMatchedCount() == 1;
	}

	void drop() {
		collection().drop();
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(ReadModelCollections.STATUS_PAGE);
	}

}
