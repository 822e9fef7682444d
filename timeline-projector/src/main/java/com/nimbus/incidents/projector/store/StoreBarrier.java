package com.nimbus.incidents.projector.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

/**
 * One write with the client's own (durable) write concern, made after a poll's read-model
 * writes and before its Kafka offsets are committed ({@link DeferredJournal}): once it is
 * acknowledged, every write before it is as durable as it is.
 */
@Component
public class StoreBarrier {

	static final String COLLECTION = "projector_barrier";

	private final MongoDatabaseFactory factory;

	public StoreBarrier(MongoDatabaseFactory factory) {
		this.factory = factory;
	}

	public void await() {
		MongoCollection<Document> barrier = this.factory.getMongoDatabase().getCollection(COLLECTION);
		barrier.updateOne(Filters.eq("_id", "barrier"), Updates.inc("polls", 1L), new UpdateOptions().upsert(true));
	}

}
