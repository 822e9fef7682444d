package com.nimbus.incidents.projector.consumer;

import com.nimbus.incidents.projector.store.DeferredJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Where the instances of the projector agree on rebuilds: one document in the read-model
 * store, read and written by {@code _id} only.
 *
 * <pre>
 * { _id: "rebuild", generation: 3, pending: { "&lt;request id&gt;": &lt;heartbeat&gt; } }
 * </pre>
 *
 * {@code generation} counts the drops of the read models that have completed: every
 * instance replays each partition it holds from the beginning once per generation (a
 * partition's committed offset carries the generation it was replayed for). A request is
 * in {@code pending} from before the first read model is dropped until the generation is
 * advanced after the last, with a heartbeat its owner renews before each drop; an entry
 * whose heartbeat is older than {@link #LEASE} was left by an instance that died, and
 * another instance finishes it. The generation only grows: deleting this document would
 * make the next rebuilds skip partitions already replayed for a higher generation.
 */
@Component
public class RebuildControl {

	public static final String COLLECTION = "projector_control";

	public static final String ID = "rebuild";

	/**
	 * How long a request's drop may go without a heartbeat before another instance takes
	 * it over; a drop takes milliseconds.
	 */
	public static final Duration LEASE = Duration.ofSeconds(30);

	private final MongoCollection<Document> control;

	public RebuildControl(MongoTemplate mongo) {
		this.control = DeferredJournal.durable(mongo.getCollection(COLLECTION));
	}

	/**
	 * The generation, and the requests whose drop is under way with their last heartbeat.
	 */
	public record State(long generation, Map<String, Instant> pending) {

	}

	public State read() {
		Document document = this.control.find(Filters.eq("_id", ID)).first();
		if (document == null) {
			return new State(0, Map.of());
		}
		Map<String, Instant> pending = new LinkedHashMap<>();
		Document requests = document.get("pending", Document.class);
		if (requests != null) {
			requests.forEach((request, heartbeat) -> pending.put(request, ((Date) heartbeat).toInstant()));
		}
		return new State(generation(document), Map.copyOf(pending));
	}

	/**
	 * Records a request before anything is dropped, so that a crash from here on leaves a
	 * trace another instance acts on.
	 */
	void open(String request, Instant heartbeat) {
		this.control.updateOne(Filters.eq("_id", ID), Updates.set("pending." + request, Date.from(heartbeat)),
				new UpdateOptions().upsert(true));
	}

	/**
	 * Moves a request's heartbeat from {@code last} to {@code next}; false when its
	 * heartbeat is no longer {@code last}: another instance has taken it over, or it is
	 * finished.
	 */
	boolean renew(String request, Instant last, Instant next) {
		return this.control
			.updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("pending." + request, Date.from(last))),
					Updates.set("pending." + request, Date.from(next)))
			.getMatchedCount() == 1;
	}

	/**
	 * After a drop: the next generation, which every instance replays, and the request
	 * finished, in one update.
	 */
	long advance(String request) {
		Document advanced = this.control.findOneAndUpdate(Filters.eq("_id", ID),
				Updates.combine(Updates.inc("generation", 1L), Updates.unset("pending." + request)),
				new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
		return generation(advanced);
	}

	private static long generation(Document document) {
		Object generation = (document != null) ? document.get("generation") : null;
		return (generation instanceof Number number) ? number.longValue() : 0;
	}

}
