package com.nimbus.incidents.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;
import com.nimbus.incidents.notifier.channel.IncidentSnapshot;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored delivery state on the real store: records delivered twice are appended once,
 * a delivered or dead-lettered sequence is never appended again, the pinned shape of a
 * lane, and an attempt log that stays bounded.
 */
class LaneStoreIT {

	private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

	private static MongoClient client;

	private static MongoTemplate mongo;

	private static LaneStore lanes;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(TestInfrastructure.mongo().connectionString());
		mongo = new MongoTemplate(client, "lane_store_it_" + UUID.randomUUID().toString().substring(0, 8));
		lanes = new LaneStore(mongo);
	}

	@AfterAll
	static void close() {
		client.close();
	}

	private static PendingDelivery delivery(String subscription, String incident, long sequence) {
		StoredEvent event = new StoredEvent(incident + "-e" + sequence, incident, sequence, "NoteAdded", T0, T0,
				"{\"eventId\":\"" + incident + "-e" + sequence + "\"}",
				new IncidentSnapshot(incident, "Title", "SEV2", "INVESTIGATING", sequence));
		return new PendingDelivery(subscription, event, false);
	}

	/** A poll's deliveries checked, then written, as the intake and its barrier do. */
	private static List<PendingDelivery> record(List<PendingDelivery> deliveries) {
		LaneStore.Recorded recorded = lanes.record(deliveries);
		lanes.write(recorded.fresh(), recorded.ticket());
		return recorded.deliveries();
	}

	/** Outcomes as the progress writer stores them. */
	private static void settle(Settled... outcomes) {
		List.of(outcomes).forEach(lanes::settled);
		lanes.apply(List.of(outcomes));
	}

	private static List<String> pendingOf(String laneId) {
		Document lane = mongo.getCollection(LaneStore.LANES).find(new Document("_id", laneId)).first();
		return (lane != null)
				? lane.getList("pending", Document.class).stream().map((entry) -> entry.getString("eventId")).toList()
				: List.of();
	}

	@Test
	void aDeliveryRecordedTwiceIsStoredOnceAndNeverHandedOnAgainOnceDelivered() {
		// the same event matched by another subscription is stored once, matched by both
		PendingDelivery otherSubscription = delivery("s9", "INC-A", 0);
		PendingDelivery zero = delivery("s1", "INC-A", 0);
		PendingDelivery one = delivery("s1", "INC-A", 1);
		assertThat(record(List.of(zero, one, zero, otherSubscription))).containsExactly(zero, one, otherSubscription);
		assertThat(mongo.getCollection(MatchedEvents.COLLECTION)
			.find(new Document("_id", "INC-A-e0"))
			.first()
			.getList("matched", String.class)).containsExactly("s1", "s9");
		// read again (a record delivered twice, known from memory; a failed poll, after
		// which the lanes are read from the store): handed to the engine again, which
		// holds them; stored once
		assertThat(record(List.of(zero, one))).containsExactly(zero, one);
		lanes.forget();
		assertThat(record(List.of(zero, one))).containsExactly(zero, one);
		Document lane = mongo.getCollection(LaneStore.LANES).find(new Document("_id", "s1|INC-A")).first();
		assertThat(pendingOf("s1|INC-A")).containsExactly("INC-A-e0", "INC-A-e1");
		assertThat(lane.getString("subscriptionId")).isEqualTo("s1");
		assertThat(lane.getString("incidentId")).isEqualTo("INC-A");
		settle(new Settled(Settled.Kind.DELIVERED, zero, new DeliveryOutcome(Result.DELIVERED, 200, 3, null), T0, 1,
				null, null));
		assertThat(record(List.of(zero, one))).containsExactly(one);
		lanes.forget();
		assertThat(record(List.of(zero, one))).containsExactly(one);
		assertThat(lanes.marks(List.of("s1|INC-A")).get("s1|INC-A"))
			.isEqualTo(new LaneStore.LaneMark(0, Set.of("INC-A-e1")));
		List<LaneStore.RestoredLane> restored = lanes.pendingLanes()
			.stream()
			.filter((restoredLane) -> restoredLane.pending().get(0).subscriptionId().equals("s1"))
			.toList();
		assertThat(restored).hasSize(1);
		assertThat(restored.get(0).pending()).containsExactly(one);
	}

	@Test
	void aRetryIsStoredWithItsTimesAndADeadLetterMovesTheLaneOn() {
		PendingDelivery zero = delivery("s2", "INC-B", 0);
		record(List.of(zero));
		DeliveryOutcome failed = new DeliveryOutcome(Result.RETRY, 503, 4, "HTTP 503");
		lanes.apply(
				List.of(new Settled(Settled.Kind.RETRYING, zero, failed, T0.plusSeconds(1), 3, T0, T0.plusSeconds(5))));
		LaneStore.RestoredLane restored = lanes.pendingLanes()
			.stream()
			.filter((lane) -> lane.pending().get(0).subscriptionId().equals("s2"))
			.findFirst()
			.orElseThrow();
		assertThat(restored.attempts()).isEqualTo(3);
		assertThat(restored.firstAttemptAt()).isEqualTo(T0);
		assertThat(restored.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
		settle(new Settled(Settled.Kind.DEAD_LETTER, zero, failed, T0.plusSeconds(9), 4, null, null));
		assertThat(lanes.lanesOf("s2")).containsExactly(new LaneStore.LaneState("INC-B", 0, 0, 0, null));
		assertThat(record(List.of(zero))).isEmpty();
		lanes.forget();
		assertThat(record(List.of(zero))).isEmpty();
		assertThat(lanes.lanesOf("s2").get(0).pending()).isZero();
	}

	@Test
	void aBatchOfOutcomesIsOneUpdatePerLaneEndingInTheLastOnesState() {
		PendingDelivery zero = delivery("s6", "INC-F", 0);
		PendingDelivery one = delivery("s6", "INC-F", 1);
		PendingDelivery two = delivery("s6", "INC-F", 2);
		PendingDelivery replayed = new PendingDelivery("s6", zero.event(), true);
		assertThat(record(List.of(zero, one, two))).hasSize(3);
		lanes.recordReplays(List.of(replayed));
		DeliveryOutcome ok = new DeliveryOutcome(Result.DELIVERED, 200, 1, null);
		DeliveryOutcome failed = new DeliveryOutcome(Result.RETRY, 502, 1, "HTTP 502");
		lanes.apply(List.of(new Settled(Settled.Kind.DELIVERED, zero, ok, T0, 1, null, null),
				new Settled(Settled.Kind.DELIVERED, one, ok, T0.plusMillis(1), 1, null, null), new Settled(
						Settled.Kind.RETRYING, two, failed, T0.plusMillis(2), 1, T0.plusMillis(2), T0.plusSeconds(1))));
		assertThat(lanes.lanesOf("s6")).containsExactly(new LaneStore.LaneState("INC-F", 1, 2, 1, T0.plusSeconds(1)));
		lanes.apply(List.of(new Settled(Settled.Kind.DELIVERED, two, ok, T0.plusSeconds(1), 2, null, null),
				new Settled(Settled.Kind.DELIVERED, replayed, ok, T0.plusSeconds(2), 1, null, null)));
		assertThat(lanes.lanesOf("s6")).containsExactly(new LaneStore.LaneState("INC-F", 2, 0, 0, null));
	}

	@Test
	void deliveriesAreHandedOnBeforeTheirLanesAreWrittenAndTheirOutcomesAreStoredOnlyAfter() throws Exception {
		PendingDelivery zero = delivery("s7", "INC-G", 0);
		PendingDelivery one = delivery("s7", "INC-G", 1);
		LaneStore.Recorded first = lanes.record(List.of(zero));
		LaneStore.Recorded second = lanes.record(List.of(one, zero));
		// handed on, nothing written yet; the second poll knows the first's append
		assertThat(first.deliveries()).containsExactly(zero);
		assertThat(second.deliveries()).containsExactly(one, zero);
		assertThat(second.fresh()).containsExactly(one);
		assertThat(mongo.getCollection(LaneStore.LANES).find(new Document("_id", "s7|INC-G")).first()).isNull();
		ProgressWriter writer = new ProgressWriter(lanes, new AttemptLog(mongo, 5));
		writer.start();
		try {
			writer.submit(new Settled(Settled.Kind.DELIVERED, zero, new DeliveryOutcome(Result.DELIVERED, 200, 2, null),
					T0, 1, null, null));
			// the outcome waits for the appends of both polls handed on before it came
			assertThat(writer.flush(Duration.ofMillis(400))).isFalse();
			lanes.write(first.fresh(), first.ticket());
			assertThat(writer.flush(Duration.ofMillis(400))).isFalse();
			assertThat(pendingOf("s7|INC-G")).containsExactly("INC-G-e0");
			lanes.write(second.fresh(), second.ticket());
			assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
		}
		finally {
			writer.stop(Duration.ofSeconds(1));
		}
		// the append came first, then the outcome pulled it: only the next one waits
		assertThat(pendingOf("s7|INC-G")).containsExactly("INC-G-e1");
		assertThat(lanes.lanesOf("s7")).containsExactly(new LaneStore.LaneState("INC-G", 0, 1, 0, null));
		lanes.forget();
		assertThat(record(List.of(zero, one))).containsExactly(one);
	}

	@Test
	void theAttemptLogKeepsTheNewestFirstUpToItsBound() {
		AttemptLog log = new AttemptLog(mongo, 5);
		DeliveryOutcome failed = new DeliveryOutcome(Result.RETRY, 500, 2, "HTTP 500");
		for (int i = 0; i < 4; i++) {
			PendingDelivery delivery = delivery("s3", "INC-C", i);
			log.append(List.of(new Settled(Settled.Kind.RETRYING, delivery, failed, T0.plusSeconds(i), 1, T0, T0),
					new Settled(Settled.Kind.DEAD_LETTER, delivery, failed, T0.plusSeconds(i).plusMillis(1), 2, null,
							null)));
		}
		List<Attempt> recent = log.recent("s3", null);
		assertThat(recent).hasSize(5);
		assertThat(recent).extracting(Attempt::sequence).containsExactly(3L, 3L, 2L, 2L, 1L);
		assertThat(recent).extracting(Attempt::status)
			.containsExactly("DEAD_LETTER", "RETRY", "DEAD_LETTER", "RETRY", "DEAD_LETTER");
		assertThat(log.recent("s3", "DEAD_LETTER")).extracting(Attempt::sequence).containsExactly(3L, 2L, 1L, 0L);
		assertThat(log.recent("s3", "RETRY")).extracting(Attempt::statusCode).containsOnly(500);
	}

	@Test
	void successfulAttemptsAreWrittenTogetherAfterAFewSecondsAFailureAtOnce() {
		long[] now = { 0 };
		AttemptLog log = new AttemptLog(mongo, 5, () -> now[0]);
		DeliveryOutcome ok = new DeliveryOutcome(Result.DELIVERED, 200, 3, null);
		log.append(List.of(new Settled(Settled.Kind.DELIVERED, delivery("s7", "INC-G", 0), ok, T0, 1, null, null)));
		now[0] += 1_000_000_000L;
		log.append(List
			.of(new Settled(Settled.Kind.DELIVERED, delivery("s7", "INC-G", 1), ok, T0.plusSeconds(1), 1, null, null)));
		assertThat(storedAttempts("s7")).as("waiting in memory").isZero();
		assertThat(log.recent("s7", null)).as("yet shown").extracting(Attempt::sequence).containsExactly(1L, 0L);

		now[0] += AttemptLog.COALESCE.toNanos();
		log.append(List.of());
		assertThat(storedAttempts("s7")).as("written once due").isEqualTo(2);
		assertThat(log.recent("s7", null)).extracting(Attempt::sequence).containsExactly(1L, 0L);

		log.append(List.of(new Settled(Settled.Kind.RETRYING, delivery("s7", "INC-G", 2),
				new DeliveryOutcome(Result.RETRY, 503, 4, "HTTP 503"), T0.plusSeconds(2), 1, T0, T0.plusSeconds(3))));
		assertThat(storedAttempts("s7")).as("a failure is written at once").isEqualTo(3);

		log.append(List
			.of(new Settled(Settled.Kind.DELIVERED, delivery("s7", "INC-G", 2), ok, T0.plusSeconds(3), 2, null, null)));
		log.flush();
		assertThat(storedAttempts("s7")).as("a clean stop writes what waits").isEqualTo(4);
		assertThat(log.recent("s7", null)).extracting(Attempt::sequence).containsExactly(2L, 2L, 1L, 0L);
	}

	private int storedAttempts(String subscriptionId) {
		org.bson.Document stored = mongo.getCollection(AttemptLog.COLLECTION)
			.find(new org.bson.Document("_id", subscriptionId))
			.first();
		return (stored == null) ? 0 : stored.getList("recent", org.bson.Document.class).size();
	}

	@Test
	void aReplayIsAppendedAfterWhatIsPendingAndFoundByItsSubscription() {
		PendingDelivery zero = delivery("s4", "INC-D", 0);
		record(List.of(zero));
		lanes.apply(List.of(new Settled(Settled.Kind.DELIVERED, zero,
				new DeliveryOutcome(Result.DELIVERED, 200, 1, null), T0, 1, null, null)));
		List<StoredEvent> matched = lanes.matchedSince("s4", T0.minusSeconds(1));
		assertThat(matched).extracting(StoredEvent::eventId).containsExactly("INC-D-e0");
		assertThat(matched.get(0).incident())
			.isEqualTo(new IncidentSnapshot("INC-D", "Title", "SEV2", "INVESTIGATING", 0));
		assertThat(lanes.matchedSince("s4", T0.plusSeconds(1))).isEmpty();
		assertThat(lanes.matchedSince("s5", T0.minusSeconds(1))).isEmpty();
		lanes.recordReplays(List.of(new PendingDelivery("s4", matched.get(0), true)));
		assertThat(lanes.lanesOf("s4")).containsExactly(new LaneStore.LaneState("INC-D", 0, 1, 0, null));
	}

}
