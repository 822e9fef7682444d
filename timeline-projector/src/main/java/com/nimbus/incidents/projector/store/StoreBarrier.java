package com.nimbus.incidents.projector.store;

import com.mongodb.client.MongoDatabase;
import com.nimbus.incidents.support.store.DurabilityBarrier;

import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

/**
 * One write with the client's own (durable) write concern, made after a poll's read-model
 * writes and before its Kafka offsets are committed ({@link DeferredJournal}): once it is
 * acknowledged, every write before it is as durable as it is, unless the store restarted
 * in between, which it then reports ({@link DurabilityBarrier}).
 */
@Component
public class StoreBarrier {

	static final String COLLECTION = "projector_barrier";

	private final DurabilityBarrier barrier;

	public StoreBarrier(MongoDatabaseFactory factory) {
		MongoDatabase database = factory.getMongoDatabase();
		this.barrier = new DurabilityBarrier(database, database.getCollection(COLLECTION), "barrier");
	}

	/**
	 * Before a poll's first write.
	 */
	public void begin() {
		this.barrier.begin();
	}

	/**
	 * @throws DurabilityBarrier.StoreRestarted when the store restarted since
	 * {@link #begin()}: the poll is to be written again
	 */
	public void await() {
		this.barrier.await();
	}

}
