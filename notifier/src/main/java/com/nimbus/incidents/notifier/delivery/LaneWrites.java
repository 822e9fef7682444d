package com.nimbus.incidents.notifier.delivery;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * The updates {@link LaneStore} makes to its lanes, one per lane and batch: the appends
 * of deliveries and the outcomes that move past them. Each is written as a plain document
 * ({@code $push}, {@code $pull}, {@code $max}, ...), encoded once by the driver: built
 * with the driver's {@code Filters} and {@code Updates}, each was converted to an
 * intermediate document first; under a stream of deliveries those conversions were a
 * quarter of what the notifier allocated (JFR), with the attempt log's.
 */
final class LaneWrites {

	private LaneWrites() {
	}

	/** A pending entry's key in its lane: the event id, marked when it is a replay. */
	static String key(PendingDelivery delivery) {
		return delivery.event().eventId() + (delivery.replay() ? "/replay" : "");
	}

	/**
	 * One {@code $push $each} per lane, the lane's deliveries in their order; a lane not
	 * stored yet is created.
	 */
	static List<WriteModel<Document>> appends(List<PendingDelivery> deliveries) {
		Map<String, List<PendingDelivery>> byLane = new LinkedHashMap<>();
		deliveries
			.forEach((delivery) -> byLane.computeIfAbsent(delivery.laneId(), (id) -> new ArrayList<>()).add(delivery));
		List<WriteModel<Document>> writes = new ArrayList<>(byLane.size());
		byLane.forEach((laneId, ofLane) -> {
			PendingDelivery first = ofLane.get(0);
			Document created = new Document("subscriptionId", first.subscriptionId())
				.append("incidentId", first.event().incidentId())
				.append("lastDeliveredSequence", -1L);
			Document pushed = new Document("$each", ofLane.stream().map(LaneWrites::entry).toList());
			writes.add(new UpdateOneModel<>(new Document("_id", laneId),
					new Document("$setOnInsert", created).append("$push", new Document("pending", pushed)),
					new UpdateOptions().upsert(true)));
		});
		return writes;
	}

	/** One update per lane: its outcomes of the batch, in the order they came. */
	static List<WriteModel<Document>> outcomes(List<Settled> outcomes) {
		Map<String, List<Settled>> byLane = new LinkedHashMap<>();
		for (Settled settled : outcomes) {
			if (settled.kind() != Settled.Kind.FORGOTTEN) {
				byLane.computeIfAbsent(settled.delivery().laneId(), (id) -> new ArrayList<>()).add(settled);
			}
		}
		List<WriteModel<Document>> writes = new ArrayList<>(byLane.size());
		byLane.forEach(
				(laneId, settled) -> writes.add(new UpdateOneModel<>(new Document("_id", laneId), moved(settled))));
		return writes;
	}

	/**
	 * One lane's outcomes as one update: the deliveries moved past are pulled from
	 * {@code pending} (by their key), the sequence delivered goes up, and the head's
	 * retry state is the last outcome's.
	 */
	private static Document moved(List<Settled> settled) {
		List<String> movedPast = new ArrayList<>();
		long delivered = -1;
		for (Settled outcome : settled) {
			if (outcome.movedOn()) {
				movedPast.add(key(outcome.delivery()));
				if (!outcome.delivery().replay()) {
					delivered = Math.max(delivered, outcome.delivery().event().sequence());
				}
			}
		}
		Settled last = settled.get(settled.size() - 1);
		Document set = new Document("lastOutcomeAt", Date.from(last.at()));
		Document update = new Document("$set", set);
		if (!movedPast.isEmpty()) {
			update.append("$pull", new Document("pending", new Document("key", new Document("$in", movedPast))));
		}
		if (delivered >= 0) {
			update.append("$max", new Document("lastDeliveredSequence", delivered));
		}
		if (last.movedOn()) {
			update.append("$unset",
					new Document("attempts", "").append("firstAttemptAt", "").append("nextAttemptAt", ""));
		}
		else {
			set.append("attempts", last.attempt())
				.append("firstAttemptAt", StoredFields.date(last.firstAttemptAt()))
				.append("nextAttemptAt", StoredFields.date(last.nextAttemptAt()));
		}
		return update;
	}

	private static Document entry(PendingDelivery delivery) {
		return new Document("key", key(delivery)).append("eventId", delivery.event().eventId())
			.append("sequence", delivery.event().sequence())
			.append("replay", delivery.replay());
	}

}
