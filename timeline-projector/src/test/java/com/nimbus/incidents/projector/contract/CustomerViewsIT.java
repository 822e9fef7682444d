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
import com.nimbus.incidents.projector.timeline.TestProjectors;
import com.nimbus.incidents.projector.timeline.TimelineProjector;
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

		assertThat(refs()).containsExactly(Map.entry("acme", Map.of("INC-1", "1 2021-12-07T15:30:00Z..open")));
		this.incidents.handle(records(event("INC-1", 2, "2021-12-08T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2021-12-08T00:28:00Z")))));
		assertThat(refs())
			.containsExactly(Map.entry("acme", Map.of("INC-1", "2 2021-12-07T15:30:00Z..2021-12-08T00:28:00Z")));
	}

	@Test
	void anIncidentProjectedBeforeTheContractIsFoundWhenTheContractArrives() {
		this.incidents.handle(records(outage("INC-1")));
		this.incidents.handle(records(event("INC-1", 2, "2021-12-08T01:00:00Z",
				new ImpactEnded("compute-use1", Instant.parse("2021-12-08T00:28:00Z")))));
		assertThat(refs()).isEmpty();

		this.contracts.handle(records(
				contract("acme", 0, "2022-01-05T00:00:00Z", registered("Acme", service("compute-api", "us-east-1")))));

		assertThat(refs())
			.containsExactly(Map.entry("acme", Map.of("INC-1", "2 2021-12-07T15:30:00Z..2021-12-08T00:28:00Z")));
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

		assertThat(refs()).containsExactly(Map.entry("acme", Map.of("INC-1", "1 2021-12-07T15:30:00Z..open")));
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

		assertThat(refs())
			.containsExactly(Map.entry("globex", Map.of("INC-NAMED", "1 2021-12-07T15:30:00Z..2021-12-07T18:00:00Z")));
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

		assertThat(refs())
			.containsExactly(Map.entry("acme", Map.of("INC-1", "2 2021-12-07T15:30:00Z..2021-12-08T00:28:00Z")));
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
	 * Each customer's refs as {@code sequence firstStart..lastEnd}.
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
