package com.nimbus.incidents.command.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import com.nimbus.incidents.command.idempotency.Reservation.State;
import com.nimbus.incidents.command.store.CommandStore;
import org.bson.Document;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_keys} collection: one document per caller and key, reserved
 * before the command runs and completed, marked unknown or released after it. Every
 * change after the reservation is conditional on the reservation's token (and a takeover
 * on its lease), so a request that lost its key to a retry cannot overwrite it.
 * <p>
 * Any {@link com.mongodb.MongoException} is left to the caller: the store being away is
 * the caller's 503.
 */
@Component
class IdempotencyKeys {

	static final String COLLECTION = CommandStore.IDEMPOTENCY_KEYS;

	static final String EXPIRY_INDEX = CommandStore.IDEMPOTENCY_EXPIRY.name();

	private final MongoCollection<Document> keys;

	IdempotencyKeys(MongoClient mongo, @Value("${spring.mongodb.database}") String database) {
		this.keys = mongo.getDatabase(database).getCollection(COLLECTION);
	}

	/**
	 * Inserts the reservation; false when the key is held (and not expired).
	 */
	boolean reserve(Reservation reservation, Duration rememberedFor) {
		try {
			this.keys.insertOne(toDocument(reservation));
			return true;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
		Reservation existing = find(reservation.id());
		if (existing != null && existing.expired(reservation.createdAt(), rememberedFor)) {
			// forgotten, though not yet removed: take it over unless another request just
			// did
			return this.keys
				.replaceOne(new Document("_id", existing.id()).append("token", existing.token()),
						toDocument(reservation))
				.getModifiedCount() == 1;
		}
		return false;
	}

	Reservation find(String id) {
		Document document = this.keys.find(Filters.eq("_id", id)).first();
		return (document != null) ? fromDocument(document) : null;
	}

	/**
	 * Takes an abandoned reservation over for this request; false when another retry took
	 * it first.
	 */
	boolean takeOver(Reservation abandoned, Instant now) {
		Document held = new Document("_id", abandoned.id()).append("token", abandoned.token())
			.append("state", abandoned.state().name())
			.append("leasedAt", Date.from(abandoned.leasedAt()));
		return this.keys
			.updateOne(held,
					Updates.combine(Updates.set("state", State.PENDING.name()),
							Updates.set("leasedAt", Date.from(now))))
			.getModifiedCount() == 1;
	}

	void complete(Reservation reservation, Answer answer) {
		this.keys.updateOne(ownedBy(reservation),
				Updates.combine(Updates.set("state", State.COMPLETED.name()), Updates.set("status", answer.status()),
						Updates.set("contentType", answer.contentType()), Updates.set("location", answer.location()),
						Updates.set("body", answer.body())));
	}

	/**
	 * The request ended without knowing whether its command appended.
	 */
	void markUnknown(Reservation reservation) {
		this.keys.updateOne(ownedBy(reservation), Updates.set("state", State.UNKNOWN.name()));
	}

	/**
	 * Frees the key: the request appended nothing, and a retry is evaluated afresh.
	 */
	void release(Reservation reservation) {
		this.keys.deleteOne(ownedBy(reservation));
	}

	/**
	 * Asks the store to remove keys {@code rememberedFor} after their creation: MongoDB
	 * does, with a TTL index; the embedded store keeps the index but ignores the expiry
	 * (the sweep removes them there). Creating an index that exists is a no-op.
	 */
	void expireAfter(Duration rememberedFor) {
		this.keys.createIndex(CommandStore.IDEMPOTENCY_EXPIRY.keys(),
				new IndexOptions().name(EXPIRY_INDEX).expireAfter(rememberedFor.toSeconds(), TimeUnit.SECONDS));
	}

	/**
	 * Removes at most {@code limit} keys created before {@code before}; the number
	 * removed. Without a usable index (the embedded store uses none but unique ones) this
	 * scans the collection.
	 */
	long sweep(Instant before, int limit) {
		List<Object> expired = new ArrayList<>();
		this.keys.find(Filters.lt("createdAt", Date.from(before)))
			.projection(Projections.include("_id"))
			.limit(limit)
			.forEach((document) -> expired.add(document.get("_id")));
		if (expired.isEmpty()) {
			return 0;
		}
		return this.keys.deleteMany(Filters.in("_id", expired)).getDeletedCount();
	}

	/**
	 * The reservation while it is this request's. A plain filter with {@code _id} at its
	 * top, which the embedded store looks up by {@code _id}; a {@code $and} of the same
	 * conditions would make it scan every key.
	 */
	private static Document ownedBy(Reservation reservation) {
		return new Document("_id", reservation.id()).append("token", reservation.token());
	}

	private static Document toDocument(Reservation reservation) {
		return new Document("_id", reservation.id()).append("fingerprint", reservation.fingerprint())
			.append("token", reservation.token())
			.append("aggregateId", reservation.aggregateId())
			.append("state", reservation.state().name())
			.append("createdAt", Date.from(reservation.createdAt()))
			.append("leasedAt", Date.from(reservation.leasedAt()));
	}

	private static Reservation fromDocument(Document document) {
		Date createdAt = document.getDate("createdAt");
		Date leasedAt = document.getDate("leasedAt");
		State state = State.valueOf(document.getString("state"));
		Answer answer = (state == State.COMPLETED) ? new Answer(document.getInteger("status"),
				document.getString("contentType"), document.getString("location"), document.getString("body")) : null;
		return new Reservation(document.getString("_id"), document.getString("fingerprint"),
				document.getString("token"), document.getString("aggregateId"), state, createdAt.toInstant(),
				(leasedAt != null) ? leasedAt.toInstant() : createdAt.toInstant(), answer);
	}

}
