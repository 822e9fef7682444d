package com.nimbus.incidents.projector.contract;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
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
 * The per-customer read model of incidents: a customer gets a ref of every incident with
 * a window on a service in a region it ever contracted that names no customers or names
 * it, whether the contract or the incident is projected first, with the span of those
 * windows as last known.
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
	void aContractProjectedBeforeTheIncidentGetsItsRef() {
		this.contracts.handle(records(contract("acme", 0, "2021-06-01T00:00:00Z",
				registered("Acme", service("compute-api", "us-east-1", "us-west-2")))));

		this.incidents.handle(records(outage("INC-1")));

		assertThat(refs()).containsExactly(Map.entry("acme|2021-12", Map.of("INC-1", "1 2021-12-07T15:30:00Z..open")));
		this.incidents.handle(records(event("INC-1", 2, "2021-12-08T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2021-12-08T00:28:00Z")))));
		assertThat(refs()).containsExactly(
				Map.entry("acme|2021-12", Map.of("INC-1", "2 2021-12-07T15:30:00Z..2021-12-08T00:28:00Z")));
	}

	@Test
	void anIncidentProjectedBeforeTheContractIsFoundWhenTheContractArrives() {
		this.incidents.handle(records(outage("INC-1")));
		this.incidents.handle(records(event("INC-1", 2, "2021-12-08T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2021-12-08T00:28:00Z")))));
		assertThat(refs()).isEmpty();

		this.contracts.handle(records(
				contract("acme", 0, "2022-01-05T00:00:00Z", registered("Acme", service("compute-api", "us-east-1")))));

		assertThat(refs()).containsExactly(
				Map.entry("acme|2021-12", Map.of("INC-1", "2 2021-12-07T15:30:00Z..2021-12-08T00:28:00Z")));
		assertThat(this.mongo.getCollection(ReadModelCollections.COMPONENT_CUSTOMERS).find().first())
			.isEqualTo(new Document("_id", "compute-api|us-east-1").append("customerIds", List.of("acme")));
	}

	@Test
	void anAmendmentThatAddsAComponentBringsTheIncidentsAlreadyOnIt() {
		this.contracts.handle(records(contract("acme", 0, "2021-06-01T00:00:00Z",
				registered("Acme", service("object-storage", "us-east-1")))));
		this.incidents.handle(records(outage("INC-1")));
		assertThat(refs()).isEmpty();

		this.contracts.handle(records(contract("acme", 1, "2022-01-05T00:00:00Z",
				new ContractAmended("Acme", 1000, Instant.parse("2022-01-01T00:00:00Z"),
						List.of(service("object-storage", "us-east-1"), service("compute-api", "us-east-1"))))));

		assertThat(refs()).containsExactly(Map.entry("acme|2021-12", Map.of("INC-1", "1 2021-12-07T15:30:00Z..open")));
	}

	@Test
	void aWindowNamingOtherCustomersIsNoneOfTheCustomersBusinessInEitherOrder() {
		this.contracts.handle(records(
				contract("acme", 0, "2021-06-01T00:00:00Z", registered("Acme", service("compute-api", "us-east-1")))));
		this.incidents.handle(records(named("INC-NAMED", "globex")));
		this.incidents.handle(records(named("INC-LATER", "initech")));
		this.contracts.handle(records(
				contract("globex", 0, "2021-06-01T00:00:00Z",
						registered("Globex", service("compute-api", "us-east-1"))),
				contract("hooli", 0, "2021-06-01T00:00:00Z",
						registered("Hooli", service("compute-api", "us-east-1")))));

		assertThat(refs()).containsExactly(
				Map.entry("globex|2021-12", Map.of("INC-NAMED", "1 2021-12-07T15:30:00Z..2021-12-07T18:00:00Z")));
	}

	@Test
	void anOlderRefNeverReplacesANewerOne() {
		this.incidents.handle(records(outage("INC-1")));
		this.incidents.handle(records(event("INC-1", 2, "2021-12-08T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2021-12-08T00:28:00Z")))));
		this.contracts.handle(records(
				contract("acme", 0, "2021-06-01T00:00:00Z", registered("Acme", service("compute-api", "us-east-1")))));

		// as an instance that lost the partition while projecting the report writes late
		new TimelineProjectorOfAnEarlierPoll(this.mongo).replay(outage("INC-1"));

		assertThat(refs()).containsExactly(
				Map.entry("acme|2021-12", Map.of("INC-1", "2 2021-12-07T15:30:00Z..2021-12-08T00:28:00Z")));
	}

	@Test
	void anEndedRefIsInEveryMonthOfItsSpanAnOpenOneInItsFirstMonthAndTheOpenWindows() {
		this.contracts.handle(records(
				contract("acme", 0, "2021-06-01T00:00:00Z", registered("Acme", service("compute-api", "us-east-1")))));
		this.incidents.handle(records(outage("INC-1")));
		this.incidents.handle(records(event("INC-1", 2, "2022-02-01T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2022-02-01T00:00:00Z")))));
		this.incidents.handle(records(outage("INC-2")));

		String ended = "2 2021-12-07T15:30:00Z..2022-02-01T00:00:00Z";
		assertThat(refs()).containsExactly(
				Map.entry("acme|2021-12", Map.of("INC-1", ended, "INC-2", "1 2021-12-07T15:30:00Z..open")),
				Map.entry("acme|2022-01", Map.of("INC-1", ended)));
		assertThat(this.mongo.getCollection(ReadModelCollections.CUSTOMER_MONTHS).find().first())
			.isEqualTo(new Document("_id", "acme").append("months", List.of("2021-12", "2022-01")));
		assertThat(ImpactBuckets.incidentIds(this.mongo.getCollection(ReadModelCollections.IMPACT_OPEN)
			.find(new Document("_id", ReadModelKeys.OPEN))
			.first())).containsExactly("INC-2");
		assertThat(this.mongo.getCollection(ReadModelCollections.COMPONENT_MONTHS).find().first())
			.isEqualTo(new Document("_id", "compute-api|us-east-1").append("months", List.of("2021-12")));
		assertThat(this.mongo.getCollection(ReadModelCollections.COMPONENT_INCIDENTS).find().first()).isEqualTo(
				new Document("_id", "compute-api|us-east-1|2021-12").append("incidentIds", List.of("INC-1", "INC-2")));
	}

	@Test
	void refsOfAnEarlierVersionAreMovedIntoMonthsAtStart() {
		Document legacyRef = new Document("sequence", 2L)
			.append("firstStart", Date.from(Instant.parse("2021-11-30T23:00:00Z")))
			.append("lastEnd", Date.from(Instant.parse("2021-12-01T01:00:00Z")));
		this.mongo.getCollection(ReadModelCollections.LEGACY_CUSTOMER_INCIDENTS)
			.insertOne(new Document("_id", "acme").append("refs", new Document("INC-1", legacyRef)));
		this.mongo.getCollection(ReadModelCollections.LEGACY_COMPONENT_INCIDENTS)
			.insertOne(new Document("_id", "compute-api|us-east-1").append("incidentIds", List.of("INC-1")));

		TestProjectors.store(this.mongo, CLOCK).moveLegacyCustomerRefs();

		String ref = "2 2021-11-30T23:00:00Z..2021-12-01T01:00:00Z";
		assertThat(refs()).containsExactly(Map.entry("acme|2021-11", Map.of("INC-1", ref)),
				Map.entry("acme|2021-12", Map.of("INC-1", ref)));
		assertThat(this.mongo.getCollection(ReadModelCollections.COMPONENT_INCIDENTS).find().first())
			.isEqualTo(new Document("_id", "compute-api|us-east-1|undated").append("incidentIds", List.of("INC-1")));
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

	private static EventEnvelope[] named(String incidentId, String customerId) {
		return new EventEnvelope[] { declared(incidentId),
				event(incidentId, 1, "2021-12-07T15:50:00Z",
						new ImpactReported("compute-use1", "compute-api", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null,
								Instant.parse("2021-12-07T15:30:00Z"), Instant.parse("2021-12-07T18:00:00Z"), null,
								List.of(customerId))) };
	}

	private static EventEnvelope declared(String incidentId) {
		return event(incidentId, 0, "2021-12-07T15:48:00Z", new IncidentDeclared("Errors", Severity.SEV2, null,
				DetectionSource.MONITORING, null, List.of("compute-api"), List.of("us-east-1")));
	}

	/**
	 * Each customer month's refs as {@code sequence firstStart..lastEnd}, by
	 * {@code customer|YYYY-MM}.
	 */
	private Map<String, Map<String, String>> refs() {
		Map<String, Map<String, String>> refs = new TreeMap<>();
		this.mongo.getCollection(ReadModelCollections.CUSTOMER_INCIDENTS).find().forEach((customer) -> {
			Map<String, String> byIncident = new TreeMap<>();
			customer.get("refs", Document.class).forEach((incidentId, value) -> {
				Document ref = (Document) value;
				byIncident.put(incidentId, ref.getLong("sequence") + " " + ref.getDate("firstStart").toInstant() + ".."
						+ ((ref.getDate("lastEnd") != null) ? ref.getDate("lastEnd").toInstant() : "open"));
			});
			refs.put(customer.getString("_id"), byIncident);
		});
		return refs;
	}

}
