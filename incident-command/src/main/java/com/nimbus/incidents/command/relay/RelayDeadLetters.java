package com.nimbus.incidents.command.relay;

import java.time.Instant;
import java.util.Date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.command.store.CommandStore;
import org.bson.Document;

/**
 * Batches the relay can never deliver, with the reason: events that cannot be read back
 * from the store or encoded, or whose record is larger than Kafka takes. Set apart
 * instead of blocking the relay for every aggregate; kept by ledger id (so a retried dead
 * letter is stored once) until an operator has dealt with them.
 */
class RelayDeadLetters {

	static final String COLLECTION = CommandStore.RELAY_DEAD_LETTERS;

	private final MongoCollection<Document> letters;

	RelayDeadLetters(MongoDatabase database) {
		this.letters = database.getCollection(COLLECTION);
	}

	void store(RelayBatch batch, String reason) {
		this.letters.replaceOne(Filters.eq("_id", batch.ledgerId()),
				new Document("_id", batch.ledgerId()).append("aggregateId", batch.aggregateId())
					.append("from", batch.from())
					.append("to", batch.to())
					.append("eventIds", batch.eventIds())
					.append("reason", reason)
					.append("at", Date.from(Instant.now())),
				new ReplaceOptions().upsert(true));
	}

	long count() {
		return this.letters.countDocuments();
	}

}
