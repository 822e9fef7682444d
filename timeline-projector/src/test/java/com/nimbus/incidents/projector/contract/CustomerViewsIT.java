package com.nimbus.incidents.projector.contract;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.events.ContractAmended;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.projector.timeline.EarlierVersions;
import com.nimbus.incidents.projector.timeline.TestProjectors;
import com.nimbus.incidents.projector.timeline.TimelineProjector;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.impact.ImpactBuckets;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static com.nimbus.incidents.projector.timeline.TestProjectors.contract;
import static com.nimbus.incidents.projector.timeline.TestProjectors.event;
import static com.nimbus.incidents.projector.timeline.TestProjectors.records;
import static com.nimbus.incidents.projector.timeline.TestProjectors.registered;
import static com.nimbus.incidents.projector.timeline.TestProjectors.service;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The views that connect customers and incidents: the incidents of each component by the
 * months of their windows, and the customers of each component, whichever of incident and
 * contract is projected first; the exact rule is the query service's.
 */
class CustomerViewsIT {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

	private MongoClient client;

	private MongoTemplate mongo;

	private TimelineProjector incidents;

	private ContractProjector contracts;

	@BeforeEach
	void store() {
		this.client = MongoClients.create(TestInfrastructure.mongo().connectionString());
		this.mongo = new MongoTemplate(this.client, "customer_views_it");
		this.mongo.getDb().drop();
		this.incidents = TestProjectors.timeline(this.mongo, CLOCK);
		this.contracts = TestProjectors.contracts(this.mongo, CLOCK);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void anOpenWindowIsInItsFirstMonthAndOpenThenInEveryMonthOnceEnded() {
		this.incidents.handle(records(outage("INC-1")));
		this.incidents.handle(records(outage("INC-2")));

		assertThat(months()).containsExactly(Map.entry("compute-api|us-east-1|2021-12", List.of("INC-1", "INC-2")));
		assertThat(open()).containsExactly("INC-1", "INC-2");

		this.incidents.handle(records(event("INC-1", 2, "2022-02-01T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2022-02-01T00:00:00Z")))));

		assertThat(months()).containsExactly(Map.entry("compute-api|us-east-1|2021-12", List.of("INC-1", "INC-2")),
				Map.entry("compute-api|us-east-1|2022-01", List.of("INC-1")));
		assertThat(this.mongo.getCollection(ReadModelCollections.COMPONENT_MONTHS).find().first())
			.isEqualTo(new Document("_id", "compute-api|us-east-1").append("months", List.of("2021-12", "2022-01")));
		assertThat(open()).containsExactly("INC-2");
	}

	@Test
	void aCustomerJoinsItsComponentsWhetherItsContractOrTheIncidentComesFirst() {
		this.contracts.handle(records(contract("acme", 0, "2021-06-01T00:00:00Z",
				registered("Acme", service("compute-api", "us-east-1", "us-west-2")))));
		this.incidents.handle(records(outage("INC-1")));
		this.contracts.handle(records(contract("globex", 0, "2022-01-05T00:00:00Z",
				registered("Globex", service("compute-api", "us-east-1")))));
		this.contracts.handle(records(contract("acme", 1, "2022-01-05T00:00:00Z", new ContractAmended("Acme", 1000,
				Instant.parse("2022-01-01T00:00:00Z"), List.of(service("object-storage", "us-east-1"))))));

		assertThat(customers()).containsExactly(Map.entry("compute-api|us-east-1", List.of("acme", "globex")),
				Map.entry("compute-api|us-west-2", List.of("acme")),
				Map.entry("object-storage|us-east-1", List.of("acme")));
		assertThat(months()).containsExactly(Map.entry("compute-api|us-east-1|2021-12", List.of("INC-1")));
	}

	@Test
	void aLateWriteOfAnInstanceThatLostThePartitionRemovesNothing() {
		this.incidents.handle(records(outage("INC-1")));
		this.incidents.handle(records(event("INC-1", 2, "2022-01-08T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2022-01-08T00:28:00Z")))));

		// as an instance that lost the partition while projecting the report writes late
		new TimelineProjectorOfAnEarlierPoll(this.mongo).replay(outage("INC-1"));

		assertThat(months()).containsExactly(Map.entry("compute-api|us-east-1|2021-12", List.of("INC-1")),
				Map.entry("compute-api|us-east-1|2022-01", List.of("INC-1")));
	}

	@Test
	void componentIncidentsOfAnEarlierVersionAreMovedIntoTheirMonthsAtStart() {
		this.incidents.handle(records(outage("INC-1")));
		this.incidents.handle(records(event("INC-1", 2, "2022-01-08T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2022-01-08T00:28:00Z")))));
		this.mongo.getCollection(ReadModelCollections.COMPONENT_MONTHS).drop();
		this.mongo.getCollection(ReadModelCollections.COMPONENT_INCIDENTS).drop();
		this.mongo.getCollection(ReadModelCollections.LEGACY_CUSTOMER_INCIDENTS)
			.insertOne(new Document("_id", "acme").append("refs", new Document("INC-1", new Document("sequence", 2L))));
		this.mongo.getCollection(ReadModelCollections.LEGACY_COMPONENT_INCIDENTS)
			.insertOne(new Document("_id", "compute-api|us-east-1").append("incidentIds", List.of("INC-1")));

		new EarlierVersions(this.mongo).moveLegacyCustomerRefs();

		assertThat(months()).containsExactly(Map.entry("compute-api|us-east-1|2021-12", List.of("INC-1")),
				Map.entry("compute-api|us-east-1|2022-01", List.of("INC-1")));
		assertThat(this.mongo.getDb().listCollectionNames()).doesNotContain(
				ReadModelCollections.LEGACY_CUSTOMER_INCIDENTS, ReadModelCollections.LEGACY_COMPONENT_INCIDENTS);
	}

	/**
	 * A projector that has not seen the incident's later events, as a stalled instance.
	 */
	private static final class TimelineProjectorOfAnEarlierPoll {

		private final MongoTemplate mongo;

		TimelineProjectorOfAnEarlierPoll(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		void replay(EventEnvelope... events) {
			MongoTemplate fresh = new MongoTemplate(this.mongo.getMongoDatabaseFactory());
			// the incident's summary as it was: dropped, so the projector starts from
			// nothing; its entries and facts are written once, as before
			fresh.getCollection(ReadModelCollections.INCIDENT_SUMMARIES).deleteMany(new Document());
			TestProjectors.timeline(fresh, CLOCK).handle(records(events));
		}

	}

	private static EventEnvelope[] outage(String incidentId) {
		return new EventEnvelope[] { declared(incidentId),
				event(incidentId, 1, "2021-12-07T15:50:00Z",
						new ImpactReported("compute-use1", "compute-api", "us-east-1", ImpactLevel.PARTIAL_OUTAGE,
								new BigDecimal("0.4"), Instant.parse("2021-12-07T15:30:00Z"), null, null, null)) };
	}

	private static EventEnvelope declared(String incidentId) {
		return event(incidentId, 0, "2021-12-07T15:48:00Z", new IncidentDeclared("Errors", Severity.SEV2, null,
				DetectionSource.MONITORING, null, List.of("compute-api"), List.of("us-east-1")));
	}

	/**
	 * Each component month's incidents, sorted.
	 */
	private Map<String, List<String>> months() {
		return sets(ReadModelCollections.COMPONENT_INCIDENTS, "incidentIds");
	}

	private Map<String, List<String>> customers() {
		return sets(ReadModelCollections.COMPONENT_CUSTOMERS, "customerIds");
	}

	private Map<String, List<String>> sets(String collection, String field) {
		Map<String, List<String>> sets = new TreeMap<>();
		this.mongo.getCollection(collection)
			.find()
			.forEach((document) -> sets.put(document.getString("_id"),
					document.getList(field, String.class).stream().sorted().toList()));
		return sets;
	}

	private List<String> open() {
		return List.copyOf(ImpactBuckets.incidentIds(this.mongo.getCollection(ReadModelCollections.IMPACT_OPEN)
			.find(new Document("_id", ReadModelKeys.OPEN))
			.first()));
	}

}
