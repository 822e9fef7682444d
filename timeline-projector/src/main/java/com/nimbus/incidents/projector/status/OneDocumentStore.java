package com.nimbus.incidents.projector.status;

import java.util.UUID;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A read model kept as one document with an {@code epoch} and a {@code version} (the
 * status page, the status feed): read by {@code _id}, replaced only at the version read.
 * Several projector instances write it (each for the incidents of its partitions), so a
 * write that finds another version reports it and the caller merges again.
 */
class OneDocumentStore {

	private final MongoTemplate mongo;

	private final String collection;

	private final String id;

	OneDocumentStore(MongoTemplate mongo, String collection, String id) {
		this.mongo = mongo;
		this.collection = collection;
		this.id = id;
	}

	/**
	 * The stored document; {@code null} when there is none.
	 */
	Document read() {
		return collection().find(new Document("_id", this.id)).first();
	}

	/**
	 * A new epoch, for the first document stored (and the first after a drop).
	 */
	static String newEpoch() {
		return UUID.randomUUID().toString();
	}

	/**
	 * Writes {@code next} (whose {@code _id} is this store's) if the stored document is
	 * still at {@code readVersion} ({@code 0}: none stored, {@code next} is inserted; it
	 * carries a {@link #newEpoch}).
	 * @return whether it was written
	 */
	boolean replace(long readVersion, Document next) {
		if (readVersion == 0) {
			try {
				collection().insertOne(next);
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
		return collection().replaceOne(new Document("_id", this.id).append("version", readVersion), next)
			.getMatchedCount() == 1;
	}

	void drop() {
		collection().drop();
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(this.collection);
	}

}
