package com.nimbus.incidents.projector.gap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.projector.contract.ContractProjector;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.timeline.TimelineStore;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open gaps as read from the parked events and the summaries: which aggregate, which
 * sequence is missing, since when; as gauges; and parked events already applied swept.
 */
class GapMonitorIT {

	private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

	private MongoClient client;

	private MongoTemplate mongo;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final MutableClock clock = new MutableClock(NOW);

	private GapMonitor monitor;

	@BeforeEach
	void store() {
		this.client = MongoClients.create(TestInfrastructure.mongo().connectionString());
		this.mongo = new MongoTemplate(this.client, "gap_monitor_it");
		this.mongo.getDb().drop();
		this.monitor = new GapMonitor(this.mongo, new GapProperties(Duration.ofSeconds(60), Duration.ofSeconds(5)),
				this.clock, this.meters);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void eachOpenGapNamesItsAggregateAndTheFirstMissingSequenceOldestFirst() {
		summary("INC-1", 3);
		park(ParkedEvents.INCIDENTS, "INC-1", 6, NOW.minusSeconds(90));
		park(ParkedEvents.INCIDENTS, "INC-1", 7, NOW.minusSeconds(10));
		summary("INC-2", 0);
		park(ParkedEvents.INCIDENTS, "INC-2", 2, NOW.minusSeconds(20));
		this.mongo.getCollection(ContractProjector.VERSIONS).insertOne(new Document("_id", "acme:0000000000"));
		park(ParkedEvents.CONTRACTS, "acme", 3, NOW.minusSeconds(30));

		List<Gap> gaps = this.monitor.gaps();

		assertThat(gaps).containsExactly(
				new Gap("incident", "INC-1", 4, 2, NOW.minusSeconds(90), Duration.ofSeconds(90)),
				new Gap("contract", "acme", 1, 1, NOW.minusSeconds(30), Duration.ofSeconds(30)),
				new Gap("incident", "INC-2", 1, 1, NOW.minusSeconds(20), Duration.ofSeconds(20)));
		assertThat(gaps).filteredOn(this.monitor::overdue).extracting(Gap::aggregateId).containsExactly("INC-1");
		assertThat(gauge("projector.gap.oldest.age", "incident")).isEqualTo(90);
		assertThat(gauge("projector.gap.waiting", "incident")).isEqualTo(2);
		assertThat(gauge("projector.gap.overdue", "incident")).isEqualTo(1);
		assertThat(gauge("projector.gap.oldest.age", "contract")).isEqualTo(30);
		assertThat(gauge("projector.gap.overdue", "contract")).isZero();
	}

	@Test
	void gapsAreReadAgainOnlyAfterTheRefreshAndAgeMeanwhile() {
		summary("INC-1", 0);
		park(ParkedEvents.INCIDENTS, "INC-1", 2, NOW);
		assertThat(this.monitor.gaps()).hasSize(1);

		this.mongo.getCollection(ParkedEvents.INCIDENTS).drop();
		this.clock.now = NOW.plusSeconds(4);
		assertThat(this.monitor.gaps()).as("within the refresh").hasSize(1);
		this.clock.now = NOW.plusSeconds(5);
		assertThat(this.monitor.gaps()).isEmpty();
		assertThat(gauge("projector.gap.waiting", "incident")).isZero();
		assertThat(gauge("projector.gap.oldest.age", "incident")).isZero();
	}

	@Test
	void aParkedEventItsIncidentHasMovedPastIsNoGapAndIsSwept() {
		summary("INC-1", 5);
		park(ParkedEvents.INCIDENTS, "INC-1", 4, NOW.minusSeconds(100));

		assertThat(this.monitor.gaps()).isEmpty();
		assertThat(this.mongo.getCollection(ParkedEvents.INCIDENTS).countDocuments()).isZero();
	}

	private double gauge(String name, String stream) {
		return this.meters.get(name).tag("stream", stream).gauge().value();
	}

	private void summary(String incidentId, long version) {
		this.mongo.getCollection(TimelineStore.SUMMARIES)
			.insertOne(new Document("_id", incidentId).append("version", version));
	}

	private void park(String collection, String aggregateId, long sequence, Instant at) {
		this.mongo.getCollection(collection)
			.insertOne(new Document("_id", ParkedEvents.id(aggregateId, sequence)).append("aggregateId", aggregateId)
				.append("sequence", sequence)
				.append("json", "{}")
				.append("parkedAt", Date.from(at)));
	}

	private static final class MutableClock extends Clock {

		volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
