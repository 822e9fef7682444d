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
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.support.store.ChunkedBulk;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The recent attempts of each subscription: one document per subscription in
 * {@code notifier_attempts} ({@code _id} the subscription id) holding the last
 * {@code kept} attempts ({@code recent}) and the last {@code kept} dead letters
 * ({@code deadLetters}, so that retries do not push them out), newest first. Bounded
 * however many deliveries there were; read by {@code _id}.
 * <p>
 * Writes are coalesced: a subscription's attempts wait in memory and are written in one
 * update once {@link #COALESCE} has passed since the first of them, or at once when one
 * of them is not a delivery (a failure, a dead letter, a refusal: what a person comes to
 * look at). At 1,000 deliveries/s over 1,000 subscriptions that is one update per
 * subscription every few seconds instead of one per batch of outcomes, each rewriting a
 * document of {@code kept} attempts. Reads show the waiting attempts first, so the API is
 * current. A crash loses only the last few seconds of successful attempts from this log
 * (never a delivery's progress, which {@link LaneStore} keeps).
 */
public class AttemptLog {

	static final String COLLECTION = "notifier_attempts";

	private final MongoTemplate mongo;

	private final int kept;

	/**
	 * Updates per store command: each rewrites a document of up to {@code kept} attempts
	 * twice over (tens of kilobytes), so a command of twenty holds one of the embedded
	 * store's event loops briefly ({@link ChunkedBulk}).
	 */
	static final int WRITES_PER_COMMAND = 20;

	/** How long a subscription's successful attempts wait in memory before a write. */
	static final java.time.Duration COALESCE = java.time.Duration.ofSeconds(5);

	/** Attempts not yet written, per subscription: newest first. */
	private final Map<String, Waiting> waiting = new java.util.concurrent.ConcurrentHashMap<>();

	private final java.util.function.LongSupplier nanoClock;

	public AttemptLog(MongoTemplate mongo, int kept) {
		this(mongo, kept, System::nanoTime);
	}

	AttemptLog(MongoTemplate mongo, int kept, java.util.function.LongSupplier nanoClock) {
		this.mongo = mongo;
		this.kept = kept;
		this.nanoClock = nanoClock;
	}

	/**
	 * A subscription's attempts waiting to be written, as records: they wait seconds,
	 * long enough to outlive a few young collections, so they are held compact (their
	 * strings are the event's) and encoded only when written; held as documents, they
	 * were most of what the notifier promoted to its old generation under a stream of
	 * deliveries.
	 */
	private static final class Waiting {

		final long since;

		final List<Attempt> recent = new ArrayList<>();

		final List<Attempt> dead = new ArrayList<>();

		boolean urgent;

		Waiting(long since) {
			this.since = since;
		}

	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION).withWriteConcern(LaneStore.DEFERRED);
	}

	/**
	 * Takes a batch of outcomes in and writes the subscriptions whose attempts are due
	 * (see the class comment); an empty batch writes only what is due.
	 */
	void append(List<Settled> outcomes) {
		long now = this.nanoClock.getAsLong();
		for (Settled settled : outcomes) {
			if (settled.kind() == Settled.Kind.FORGOTTEN) {
				continue;
			}
			String subscriptionId = settled.delivery().subscriptionId();
			Attempt attempt = attempt(settled);
			this.waiting.compute(subscriptionId, (id, current) -> {
				Waiting next = (current != null) ? current : new Waiting(now);
				synchronized (next) {
					// newest first: each is put before those that came before it
					next.recent.add(0, attempt);
					if (settled.kind() == Settled.Kind.DEAD_LETTER) {
						next.dead.add(0, attempt);
					}
					next.urgent |= settled.kind() != Settled.Kind.DELIVERED;
				}
				return next;
			});
		}
		write((waiting) -> waiting.urgent || now - waiting.since >= COALESCE.toNanos());
	}

	/** Writes every attempt waiting (a clean stop). */
	void flush() {
		write((waiting) -> true);
	}

	private void write(java.util.function.Predicate<Waiting> due) {
		List<WriteModel<Document>> writes = new ArrayList<>();
		Map<String, Waiting> taken = new LinkedHashMap<>();
		for (String subscriptionId : List.copyOf(this.waiting.keySet())) {
			Waiting candidate = this.waiting.get(subscriptionId);
			if (candidate != null && due.test(candidate) && this.waiting.remove(subscriptionId, candidate)) {
				taken.put(subscriptionId, candidate);
			}
		}
		taken.forEach((subscriptionId, waiting) -> {
			// newest first, the oldest beyond the bound dropped (see LaneWrites)
			Document pushed = new Document("recent", newestFirst(waiting.recent));
			if (!waiting.dead.isEmpty()) {
				pushed.append("deadLetters", newestFirst(waiting.dead));
			}
			writes.add(new UpdateOneModel<>(new Document("_id", subscriptionId), new Document("$push", pushed),
					new UpdateOptions().upsert(true)));
		});
		if (writes.isEmpty()) {
			return;
		}
		try {
			ChunkedBulk.write(collection(), writes, new BulkWriteOptions().ordered(false), WRITES_PER_COMMAND);
		}
		catch (RuntimeException ex) {
			// put them back, before any that came meanwhile, for the next try
			taken.forEach((subscriptionId, waiting) -> this.waiting.merge(subscriptionId, waiting, (newer, older) -> {
				newer.recent.addAll(older.recent);
				newer.dead.addAll(older.dead);
				newer.urgent |= older.urgent;
				return newer;
			}));
			throw ex;
		}
	}

	/**
	 * The subscription's recent attempts, newest first; with {@code status}, those of
	 * that status only ({@code DEAD_LETTER}: every dead letter kept).
	 */
	public List<Attempt> recent(String subscriptionId, String status) {
		boolean deadLetters = Attempt.DEAD_LETTER.equals(status);
		List<Attempt> all = new ArrayList<>();
		Waiting waiting = this.waiting.get(subscriptionId);
		if (waiting != null) {
			synchronized (waiting) {
				all.addAll(deadLetters ? waiting.dead : waiting.recent);
			}
		}
		Document stored = collection().find(Filters.eq("_id", subscriptionId)).first();
		if (stored != null) {
			stored.getList(deadLetters ? "deadLetters" : "recent", Document.class, List.of())
				.forEach((attempt) -> all.add(decode(attempt)));
		}
		List<Attempt> attempts = new ArrayList<>();
		for (Attempt attempt : all.subList(0, Math.min(all.size(), this.kept))) {
			if (status == null || status.equals(attempt.status())) {
				attempts.add(attempt);
			}
		}
		return attempts;
	}

	public void delete(String subscriptionId) {
		this.waiting.remove(subscriptionId);
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

	/** {@code $each} of these attempts, put first, the list kept to its bound. */
	private Document newestFirst(List<Attempt> attempts) {
		return new Document("$each", attempts.stream().map(AttemptLog::encode).toList()).append("$position", 0)
			.append("$slice", this.kept);
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
