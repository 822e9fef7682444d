package com.nimbus.incidents.support.store;

import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * A bulk write sent as several commands of at most {@code chunk} writes each, one after
 * the other. A store applies one command at a time per connection, and the embedded store
 * applies it on an event loop that answers many other connections meanwhile: a command of
 * a thousand updates held one of its loops for up to 2.8 s under the notifications stream
 * (its slow log), and every other client whose connection shares that loop (the command
 * service's appends among them) waited with it (ADR 34). Chunks keep each hold short; the
 * writes, and their order, are the same.
 */
public final class ChunkedBulk {

	private ChunkedBulk() {
	}

	/**
	 * Applies {@code writes} in commands of at most {@code chunk} writes, in order; the
	 * first failure stops the rest, and what the commands before it wrote stays written
	 * (as the part of one bulk write applied before a failure does).
	 */
	public static void write(MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes,
			BulkWriteOptions options, int chunk) {
		for (int from = 0; from < writes.size(); from += chunk) {
			collection.bulkWrite(writes.subList(from, Math.min(writes.size(), from + chunk)), options);
		}
	}

}
