package com.nimbus.incidents.projector.store;

import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * The idempotent bulk writes of the read models: a document keyed by what it is (an
 * incident's sequence N is always the same event; a list row at version N is always the
 * same row), so that the store's duplicate-key refusal of one already there is the
 * idempotence, and a batch written again after a partial failure writes only the rest.
 */
public final class Writes {

	private Writes() {
	}

	/**
	 * Inserts every document whose {@code _id} is not there yet; one already there is
	 * left as it is.
	 */
	public static void insertOnce(MongoCollection<Document> collection, List<Document> documents) {
		if (documents.isEmpty()) {
			return;
		}
		try {
			collection.insertMany(documents, new InsertManyOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			rethrowUnlessDuplicates(ex);
		}
	}

	/**
	 * Applies every write, unordered; a write refused because its {@code _id} is there
	 * already (an upsert whose guard did not match: the document is at that version or
	 * beyond) is left as it is.
	 */
	public static void upsertGuarded(MongoCollection<Document> collection, List<WriteModel<Document>> writes) {
		if (writes.isEmpty()) {
			return;
		}
		try {
			collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			rethrowUnlessDuplicates(ex);
		}
	}

	private static void rethrowUnlessDuplicates(MongoBulkWriteException ex) {
		boolean onlyDuplicates = ex.getWriteErrors()
			.stream()
			.allMatch((error) -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
		if (!onlyDuplicates || ex.getWriteConcernError() != null) {
			throw ex;
		}
	}

}
