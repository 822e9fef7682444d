package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.support.store.ChunkedBulk;
import com.nimbus.incidents.support.store.DurabilityBarrier;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The delivery state, stored; this class alone knows its shape (see ADR 19):
 * {@code notifier_lanes}, one document per subscription and incident, {@code _id}
 * {@code subscriptionId|incidentId}: {@code lastDeliveredSequence}, the pending
 * deliveries in order ({@code pending: [{key, eventId, sequence, replay}]}) and the
 * head's retry state; the events they deliver are kept once in {@link MatchedEvents}.
 */
public class LaneStore {

	static final String LANES = "notifier_lanes";

	private final MongoTemplate mongo;

	private final MatchedEvents events;

	/** Writes the events beside the lanes' write ({@link #write}). */
	private final ExecutorService beside = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "notifier-events-write");
		thread.setDaemon(true);
		return thread;
	});

	private final DurabilityBarrier durability;

	private final LaneMarks ahead = new LaneMarks();

	private final AppendOrder order = new AppendOrder();

	public LaneStore(MongoTemplate mongo) {
		this.mongo = mongo;
		this.events = new MatchedEvents(mongo);
		this.durability = new DurabilityBarrier(mongo.getDb(),
				mongo.getCollection(BARRIER).withWriteConcern(WriteConcern.ACKNOWLEDGED.withJournal(true)), "barrier");
	}

	/**
	 * Waits for the write beside; its failure is the caller's (after the lanes' write,
	 * whether that went through or not: a retried poll writes both again, once).
	 */
	private static void awaitBeside(Future<?> write) {
		try {
			write.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the events were written", ex);
		}
	}

	/**
	 * The notifier's writes do not each wait for the store's journal ({@code j: false}):
	 * one durable write, {@link #barrier()}, follows a poll's writes before its offsets
	 * are committed, and makes every earlier write durable with it (a journal, and the
	 * embedded store's group commit, keep writes in order). Outcomes are stored the same
	 * way: if the store itself crashed before its next commit, a delivery would be sent
	 * again (at least once, with the same {@code Notification-Id}), never lost.
	 */
	public static final WriteConcern DEFERRED = WriteConcern.ACKNOWLEDGED.withJournal(false);

	static final String BARRIER = "notifier_barrier";

	/**
	 * Writes per store command: a lane or an event is a small document, a hundred of them
	 * a command that holds one of the embedded store's event loops briefly
	 * ({@link ChunkedBulk}).
	 */
	static final int WRITES_PER_COMMAND = 100;

	/**
	 * Before a poll's first write: learns which store process takes the writes the next
	 * {@link #barrier()} covers ({@link DurabilityBarrier}).
	 */
	public void beforeWrites() {
		this.durability.begin();
	}

	/**
	 * One durable write: every write before it is as durable as it is.
	 * @throws DurabilityBarrier.StoreRestarted when the store restarted since
	 * {@link #beforeWrites()}: the poll is to be written again
	 */
	public void barrier() {
		this.durability.await();
	}

	private MongoCollection<Document> lanes() {
		return this.mongo.getCollection(LANES).withWriteConcern(DEFERRED);
	}

	/** The index the events need (see {@link MatchedEvents#ensureIndexes}). */
	public void ensureIndexes() {
		this.events.ensureIndexes();
	}

	/**
	 * What the store knows of these lanes: delivered up to, and the events pending (not
	 * replays).
	 */
	public Map<String, LaneMark> marks(Collection<String> laneIds) {
		Map<String, LaneMark> marks = new HashMap<>();
		if (laneIds.isEmpty()) {
			return marks;
		}
		for (Document lane : lanes().find(Filters.in("_id", laneIds))
			.projection(new Document("lastDeliveredSequence", 1).append("pending.eventId", 1)
				.append("pending.replay", 1))) {
			Set<String> pending = new HashSet<>();
			for (Document entry : lane.getList("pending", Document.class, List.of())) {
				if (!entry.getBoolean("replay", false)) {
					pending.add(entry.getString("eventId"));
				}
			}
			marks.put(lane.getString("_id"),
					new LaneMark(StoredFields.number(lane, "lastDeliveredSequence", -1), pending));
		}
		return marks;
	}

	/**
	 * A poll's deliveries, checked: those to hand to the engine, in order, and those to
	 * append to their lanes ({@link #write}, on the barrier thread), under the poll's
	 * ticket ({@link AppendOrder}).
	 */
	public record Recorded(List<PendingDelivery> deliveries, List<PendingDelivery> fresh, long ticket) {
	}

	/**
	 * Checks a poll's deliveries against their lanes, without writing: a delivery whose
	 * lane has delivered (or given up on) its sequence is dropped (a record read again
	 * after a crash or a failed poll), one its lane holds already is handed on again but
	 * not appended (a poll that failed after its write, before the engine was handed it:
	 * the engine drops what it holds or has just delivered), the rest are new. The lanes
	 * are known from memory ({@link LaneMarks}); those not held are read in one
	 * {@code _id $in}. Correct while one instance records into a lane: the engine only
	 * removes what it was handed, so nothing it does can make a delivery new again.
	 */
	public Recorded record(List<PendingDelivery> candidates) {
		Set<String> laneIds = new LinkedHashSet<>();
		candidates.forEach((candidate) -> laneIds.add(candidate.laneId()));
		Map<String, LaneMark> marks = new HashMap<>(this.ahead.known(laneIds));
		Set<String> unknown = new LinkedHashSet<>(laneIds);
		unknown.removeAll(marks.keySet());
		if (!unknown.isEmpty()) {
			Map<String, LaneMark> read = marks(unknown);
			this.ahead.learned(unknown, read);
			marks.putAll(read);
		}
		Set<String> seen = new HashSet<>();
		List<PendingDelivery> fresh = new ArrayList<>();
		List<PendingDelivery> toDeliver = new ArrayList<>();
		for (PendingDelivery candidate : candidates) {
			LaneMark mark = marks.get(candidate.laneId());
			StoredEvent event = candidate.event();
			boolean delivered = mark != null && event.sequence() <= mark.lastDeliveredSequence();
			boolean pending = mark != null && mark.pendingEventIds().contains(event.eventId());
			if (delivered || !seen.add(candidate.laneId() + "/" + event.eventId())) {
				continue;
			}
			toDeliver.add(candidate);
			if (!pending) {
				fresh.add(candidate);
			}
		}
		this.ahead.appended(fresh);
		return new Recorded(toDeliver, fresh, this.order.handOver());
	}

	/**
	 * Writes what {@link #record} found new (of one poll or several gathered): the
	 * events, once, and the deliveries appended to their lanes, every write by
	 * {@code _id} alone (the only filter the embedded store answers from its index).
	 * Written one at a time, in poll order; each, written, lets the outcomes of the
	 * deliveries handed on up to {@code ticket} be stored.
	 * @param fresh the deliveries new to their lanes, in poll order
	 * @param ticket the ticket of the last poll among them
	 */
	public void write(List<PendingDelivery> fresh, long ticket) {
		if (!fresh.isEmpty()) {
			// two collections, neither read by the other's write: both at once
			Future<?> eventsWritten = this.beside.submit(() -> this.events.write(fresh));
			try {
				writeLanes(LaneWrites.appends(fresh));
			}
			finally {
				awaitBeside(eventsWritten);
			}
		}
		this.order.written(ticket);
	}

	/**
	 * Forgets what is known of the lanes ahead of the store, after a failed poll: the
	 * polls written again read their lanes from the store.
	 */
	public void forget() {
		this.ahead.forget();
	}

	/** An outcome, about to be stored: the lane as the intake knows it moves with it. */
	void settled(Settled settled) {
		this.ahead.settled(settled);
	}

	/** The last poll handed on ({@link AppendOrder#handedSoFar}). */
	long handedSoFar() {
		return this.order.handedSoFar();
	}

	/** Waits until the poll of {@code ticket} is written; false when time ran out. */
	boolean awaitWritten(long ticket, long millis) throws InterruptedException {
		return this.order.awaitWritten(ticket, millis);
	}

	/** Appends replayed deliveries to their lanes (after whatever is pending there). */
	public void recordReplays(List<PendingDelivery> deliveries) {
		writeLanes(LaneWrites.appends(deliveries));
	}

	/** Stores what outcomes did to their lanes, in the order they came. */
	void apply(List<Settled> outcomes) {
		writeLanes(LaneWrites.outcomes(outcomes));
	}

	/**
	 * Lane updates, unordered (one per lane), in commands of {@link #WRITES_PER_COMMAND}.
	 */
	private void writeLanes(List<WriteModel<Document>> writes) {
		if (!writes.isEmpty()) {
			ChunkedBulk.write(lanes(), writes, new BulkWriteOptions().ordered(false), WRITES_PER_COMMAND);
		}
	}

	/**
	 * Every lane with deliveries pending, as the engine resumes them after a start: lanes
	 * with an empty {@code pending} are not read.
	 */
	List<RestoredLane> pendingLanes() {
		List<Document> stored = new ArrayList<>();
		Set<String> eventIds = new HashSet<>();
		for (Document lane : lanes().find(Filters.exists("pending.0"))) {
			stored.add(lane);
			lane.getList("pending", Document.class).forEach((entry) -> eventIds.add(entry.getString("eventId")));
		}
		Map<String, StoredEvent> events = this.events.byIds(eventIds);
		List<RestoredLane> restored = new ArrayList<>();
		for (Document lane : stored) {
			List<PendingDelivery> pending = new ArrayList<>();
			for (Document entry : lane.getList("pending", Document.class)) {
				StoredEvent event = events.get(entry.getString("eventId"));
				if (event != null) {
					pending.add(new PendingDelivery(lane.getString("subscriptionId"), event,
							entry.getBoolean("replay", false)));
				}
			}
			restored.add(new RestoredLane(pending, StoredFields.number(lane, "attempts", 0L).intValue(),
					StoredFields.instant(lane, "firstAttemptAt"), StoredFields.instant(lane, "nextAttemptAt")));
		}
		return restored;
	}

	/** A subscription's lanes: a range of {@code _id}s, those starting with its id. */
	public List<LaneState> lanesOf(String subscriptionId) {
		List<LaneState> states = new ArrayList<>();
		for (Document lane : lanes().find(lanesOfRange(subscriptionId)).sort(Sorts.ascending("_id"))) {
			states.add(new LaneState(lane.getString("incidentId"),
					StoredFields.number(lane, "lastDeliveredSequence", -1L),
					lane.getList("pending", Document.class, List.of()).size(),
					StoredFields.number(lane, "attempts", 0L).intValue(), StoredFields.instant(lane, "nextAttemptAt")));
		}
		return states;
	}

	/** The events a subscription matched, recorded at or after {@code from}, in order. */
	public List<StoredEvent> matchedSince(String subscriptionId, Instant from) {
		return this.events.matchedSince(subscriptionId, from);
	}

	/** Forgets a deleted subscription's lanes. */
	public void deleteLanesOf(String subscriptionId) {
		this.ahead.forgetSubscription(subscriptionId);
		lanes().deleteMany(lanesOfRange(subscriptionId));
	}

	/** A subscription's lanes: the {@code _id}s that start with its id. */
	private static Bson lanesOfRange(String subscriptionId) {
		return Filters.regex("_id", "^" + Pattern.quote(subscriptionId + "|"));
	}

	/** A lane as the intake checks it. */
	public record LaneMark(long lastDeliveredSequence, Set<String> pendingEventIds) {
	}

	/** A lane as the engine resumes it. */
	record RestoredLane(List<PendingDelivery> pending, int attempts, Instant firstAttemptAt, Instant nextAttemptAt) {
	}

	/** A lane as the API shows it. */
	public record LaneState(String incidentId, long lastDeliveredSequence, int pending, int attempts,
			Instant nextAttemptAt) {
	}

}
