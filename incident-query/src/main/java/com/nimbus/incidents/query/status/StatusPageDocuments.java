package com.nimbus.incidents.query.status;

import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.status.StatusPageCodec;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The status page document the projector keeps, read by {@code _id}: its version alone (a
 * few bytes, every refresh) or whole (when the version moved).
 */
@Repository
class StatusPageDocuments {

	private final MongoTemplate mongo;

	StatusPageDocuments(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * The stored document's epoch and version, without its incidents.
	 */
	StatusPageDocument stamp() {
		return StatusPageCodec.fromDocument(collection().find(new Document("_id", ReadModelKeys.STATUS_PAGE_ID))
			.projection(StatusPageCodec.stampOnly())
			.first());
	}

	StatusPageDocument read() {
		return StatusPageCodec
			.fromDocument(collection().find(new Document("_id", ReadModelKeys.STATUS_PAGE_ID)).first());
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(ReadModelCollections.STATUS_PAGE);
	}

}
