package com.nimbus.incidents.query.status;

import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.status.StatusFeedCodec;
import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The status feed document the projector keeps, read by {@code _id}: its version alone
 * (every refresh) or whole (when the version moved).
 */
@Repository
class StatusFeedDocuments {

	private final MongoTemplate mongo;

	StatusFeedDocuments(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * The stored document's epoch and version, without its entries.
	 */
	StatusFeedDocument stamp() {
		return StatusFeedCodec.fromDocument(collection().find(new Document("_id", ReadModelKeys.STATUS_FEED_ID))
			.projection(StatusFeedCodec.stampOnly())
			.first());
	}

	StatusFeedDocument read() {
		return StatusFeedCodec
			.fromDocument(collection().find(new Document("_id", ReadModelKeys.STATUS_FEED_ID)).first());
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(ReadModelCollections.STATUS_FEED);
	}

}
