package com.nimbus.incidents.projector.timeline;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static com.nimbus.incidents.projector.timeline.TestProjectors.event;
import static com.nimbus.incidents.projector.timeline.TestProjectors.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA month buckets the projector keeps: every version of a window is in each month
 * it overlaps, a window open is found through the open windows and, once ended, through
 * the month its end was recorded in, and nothing is ever taken out of a month.
 */
class ImpactViewsIT {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

	private MongoClient client;

	private MongoTemplate mongo;

	private TimelineProjector projector;

	@BeforeEach
	void store() {
		this.client = MongoClients.create(TestInfrastructure.mongo().connectionString());
		this.mongo = new MongoTemplate(this.client, "impact_views_it");
		this.mongo.getDb().drop();
		this.projector = TestProjectors.timeline(this.mongo, CLOCK);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void aWindowCrossingMonthsIsInTheBucketOfEachMonthItOverlaps() {
		this.projector.handle(records(declared("INC-CROSS", "2021-11-28T10:00:00Z"),
				event("INC-CROSS", 1, "2021-11-28T10:05:00Z",
						window("storage", "2021-11-28T09:00:00Z", "2022-01-03T00:00:00Z")),
				declared("INC-DECONLY", "2021-12-05T10:00:00Z"), event("INC-DECONLY", 1, "2021-12-05T10:05:00Z",
						window("compute", "2021-12-05T09:00:00Z", "2022-01-01T00:00:00Z"))));

		// a window ending exactly at midnight on the 1st does not overlap the new month
		assertThat(months()).containsExactly(Map.entry("2021-11", List.of("INC-CROSS")),
				Map.entry("2021-12", List.of("INC-CROSS", "INC-DECONLY")), Map.entry("2022-01", List.of("INC-CROSS")));
		assertThat(open()).isEmpty();
		assertThat(facts("INC-CROSS")).containsExactly(1L);
	}

	@Test
	void anOpenWindowIsFoundThroughTheOpenWindowsAndOnceEndedThroughTheMonthsItOverlappedAndTheMonthItsEndWasRecordedIn() {
		this.projector.handle(records(declared("INC-OPEN", "2021-11-28T10:00:00Z"),
				event("INC-OPEN", 1, "2021-11-28T10:05:00Z", window("storage", "2021-11-28T09:00:00Z", null)),
				event("INC-OPEN", 2, "2021-11-28T10:06:00Z", window("compute", "2021-11-28T09:30:00Z", null))));

		assertThat(months()).containsExactly(Map.entry("2021-11", List.of("INC-OPEN")));
		assertThat(open()).containsExactly(Map.entry("open", List.of("INC-OPEN/compute", "INC-OPEN/storage")));

		this.projector.handle(records(event("INC-OPEN", 3, "2022-01-04T08:00:00Z",
				new ImpactEnded("storage", Instant.parse("2022-01-03T12:00:00Z")))));

		assertThat(months()).containsExactly(Map.entry("2021-11", List.of("INC-OPEN")),
				Map.entry("2021-12", List.of("INC-OPEN")), Map.entry("2022-01", List.of("INC-OPEN")));
		assertThat(open()).containsExactly(Map.entry("closed-2022-01", List.of("INC-OPEN")),
				Map.entry("open", List.of("INC-OPEN/compute")));

		// ended by a correction, the end recorded in February
		this.projector.handle(records(event("INC-OPEN", 4, "2022-02-01T00:00:01Z", new ImpactCorrected("compute", null,
				Instant.parse("2021-11-30T00:00:00Z"), null, null, "ended long ago"))));

		assertThat(open()).containsExactly(Map.entry("closed-2022-01", List.of("INC-OPEN")),
				Map.entry("closed-2022-02", List.of("INC-OPEN")), Map.entry("open", List.of()));
		assertThat(facts("INC-OPEN")).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void aCorrectionMovingAWindowLeavesItInTheMonthsOfEveryVersionSoAReportAsKnownEarlierFindsIt() {
		this.projector.handle(records(declared("INC-MOVED", "2021-12-05T10:00:00Z"), event("INC-MOVED", 1,
				"2021-12-05T10:05:00Z", window("storage", "2021-12-05T09:00:00Z", "2021-12-05T11:00:00Z"))));
		this.projector.handle(records(event("INC-MOVED", 2, "2022-01-10T00:00:00Z",
				new ImpactCorrected("storage", Instant.parse("2022-02-27T09:00:00Z"),
						Instant.parse("2022-03-02T11:00:00Z"), null, null, "the logs were from another year"))));

		assertThat(months()).containsExactly(Map.entry("2021-12", List.of("INC-MOVED")),
				Map.entry("2022-02", List.of("INC-MOVED")), Map.entry("2022-03", List.of("INC-MOVED")));
		assertThat(open()).isEmpty();
	}

	@Test
	void eventsDeliveredAgainOrPolledTogetherLeaveTheSameBuckets() {
		List<EventEnvelope> log = List.of(declared("INC-AGAIN", "2021-12-30T10:00:00Z"),
				event("INC-AGAIN", 1, "2021-12-30T10:05:00Z", window("storage", "2021-12-30T09:00:00Z", null)),
				event("INC-AGAIN", 2, "2022-01-02T10:05:00Z",
						new ImpactEnded("storage", Instant.parse("2022-01-01T10:00:00Z"))));
		this.projector.handle(records(log.get(0), log.get(1)));
		this.projector.handle(records(log.get(2), log.get(1), log.get(0)));
		Map<String, List<String>> months = months();
		Map<String, List<String>> open = open();
		List<Long> facts = facts("INC-AGAIN");

		this.mongo.getDb().drop();
		TestProjectors.timeline(this.mongo, CLOCK).handle(records(log.toArray(new EventEnvelope[0])));

		assertThat(months).containsExactly(Map.entry("2021-12", List.of("INC-AGAIN")),
				Map.entry("2022-01", List.of("INC-AGAIN")));
		assertThat(months()).isEqualTo(months);
		// polled together, the window is added as open and removed as ended all the same
		assertThat(open).containsExactly(Map.entry("closed-2022-01", List.of("INC-AGAIN")),
				Map.entry("open", List.of()));
		assertThat(open()).isEqualTo(open);
		assertThat(facts("INC-AGAIN")).isEqualTo(facts).containsExactly(1L, 2L);
	}

	private static EventEnvelope declared(String incidentId, String at) {
		return event(incidentId, 0, at, new IncidentDeclared("Errors", Severity.SEV2, null, DetectionSource.MONITORING,
				null, List.of("storage"), List.of("us-east-1")));
	}

	private static ImpactReported window(String service, String from, String to) {
		return new ImpactReported(service, service, "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
				Instant.parse(from), (to != null) ? Instant.parse(to) : null, null, null);
	}

	private Map<String, List<String>> months() {
		Map<String, List<String>> months = new TreeMap<>();
		this.mongo.getCollection(ReadModelCollections.IMPACT_MONTHS)
			.find()
			.forEach((month) -> months.put(month.getString("_id"), month.getList("incidentIds", String.class)));
		return months;
	}

	private Map<String, List<String>> open() {
		Map<String, List<String>> open = new TreeMap<>();
		this.mongo.getCollection(ReadModelCollections.IMPACT_OPEN).find().forEach((bucket) -> {
			List<String> members = new ArrayList<>(bucket.getList("incidentIds", String.class, List.of()));
			bucket.getList("windows", Document.class, List.of())
				.forEach((window) -> members.add(window.getString("incidentId") + "/" + window.getString("impactId")));
			open.put(bucket.getString("_id"), members);
		});
		return open;
	}

	private List<Long> facts(String incidentId) {
		return this.mongo.getCollection(ReadModelCollections.INCIDENT_IMPACT_FACTS)
			.find(new Document("_id", incidentId))
			.first()
			.getList("facts", Document.class)
			.stream()
			.map((fact) -> fact.getLong("sequence"))
			.toList();
	}

}
