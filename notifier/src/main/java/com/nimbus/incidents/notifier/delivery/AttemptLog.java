package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The recent attempts of each subscription: one document per subscription in
 * {@code notifier_attempts} ({@code _id} the subscription id) holding the last
 * {@code kept} attempts ({@code recent}) and the last {@code kept} dead letters
 * ({@code deadLetters}, so that retries do not push them out), newest first. Bounded
 * however many deliveries there were; written once per subscription per batch of
 * outcomes, read by {@code _id}.
 */
public class AttemptLog {

	static final String COLLECTION = "notifier_attempts";

	private final MongoTemplate mongo;

	private final int kept;

	public AttemptLog(MongoTemplate mongo, int kept) {
		this.mongo = mongo;
		this.kept = kept;
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION);
	}

	void append(List<Settled> outcomes) {
		Map<String, List<Document>> recent = new LinkedHashMap<>();
		Map<String, List<Document>> dead = new LinkedHashMap<>();
		for (Settled settled : outcomes) {
			if (settled.kind() == Settled.Kind.FORGOTTEN) {
				continue;
			}
			String subscriptionId = settled.delivery().subscriptionId();
			Document attempt = encode(attempt(settled));
			// newest first: each is put before those that came before it
			recent.computeIfAbsent(subscriptionId, (id) -> new ArrayList<>()).add(0, attempt);
			if (settled.kind() == Settled.Kind.DEAD_LETTER) {
				dead.computeIfAbsent(subscriptionId, (id) -> new ArrayList<>()).add(0, attempt);
			}
		}
		List<WriteModel<Document>> writes = new ArrayList<>();
		recent.forEach((subscriptionId, attempts) -> {
			List<Bson> updates = new ArrayList<>();
			updates.add(Updates.pushEach("recent", attempts, new PushOptions().position(0).slice(this.kept)));
			List<Document> deadLetters = dead.get(subscriptionId);
			if (deadLetters != null) {
				updates
					.add(Updates.pushEach("deadLetters", deadLetters, new PushOptions().position(0).slice(this.kept)));
			}
			writes.add(new UpdateOneModel<>(Filters.eq("_id", subscriptionId), Updates.combine(updates),
					new UpdateOptions().upsert(true)));
		});
		if (!writes.isEmpty()) {
			collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
		}
	}

	/**
	 * The subscription's recent attempts, newest first; with {@code status}, those of
	 * that status only ({@code DEAD_LETTER}: every dead letter kept).
	 */
	public List<Attempt> recent(String subscriptionId, String status) {
		Document stored = collection().find(Filters.eq("_id", subscriptionId)).first();
		if (stored == null) {
			return List.of();
		}
		String field = Attempt.DEAD_LETTER.equals(status) ? "deadLetters" : "recent";
		List<Attempt> attempts = new ArrayList<>();
		for (Document attempt : stored.getList(field, Document.class, List.of())) {
			Attempt decoded = decode(attempt);
			if (status == null || status.equals(decoded.status())) {
				attempts.add(decoded);
			}
		}
		return attempts;
	}

	public void delete(String subscriptionId) {
		collection().deleteOne(Filters.eq("_id", subscriptionId));
	}

	static Attempt attempt(Settled settled) {
		PendingDelivery delivery = settled.delivery();
		StoredEvent event = delivery.event();
		String status = switch (settled.kind()) {
			case DEAD_LETTER -> Attempt.DEAD_LETTER;
			default -> settled.outcome().result().name();
		};
		return new Attempt(event.eventId(), event.incidentId(), event.sequence(), event.type(), status,
				settled.outcome().statusCode(), settled.outcome().latencyMillis(), settled.outcome().error(),
				settled.attempt(), settled.at(), delivery.replay());
	}

	private static Document encode(Attempt attempt) {
		return new Document("eventId", attempt.eventId()).append("incidentId", attempt.incidentId())
			.append("sequence", attempt.sequence())
			.append("eventType", attempt.eventType())
			.append("status", attempt.status())
			.append("statusCode", attempt.statusCode())
			.append("latencyMillis", attempt.latencyMillis())
			.append("error", attempt.error())
			.append("attempt", attempt.attempt())
			.append("at", Date.from(attempt.at()))
			.append("replay", attempt.replay());
	}

	private static Attempt decode(Document stored) {
		Date at = stored.getDate("at");
		return new Attempt(stored.getString("eventId"), stored.getString("incidentId"),
				((Number) stored.get("sequence")).longValue(), stored.getString("eventType"),
				stored.getString("status"), ((Number) stored.get("statusCode")).intValue(),
				((Number) stored.get("latencyMillis")).longValue(), stored.getString("error"),
				((Number) stored.get("attempt")).intValue(), (at != null) ? at.toInstant() : Instant.EPOCH,
				stored.getBoolean("replay", false));
	}

}
