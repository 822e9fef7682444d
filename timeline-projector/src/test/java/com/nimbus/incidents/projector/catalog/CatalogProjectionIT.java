package com.nimbus.incidents.projector.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.projector.contract.ContractProjector;
import com.nimbus.incidents.projector.timeline.TestProjectors;
import com.nimbus.incidents.projector.timeline.TimelineProjector;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog's names gather what incidents declare and report impacts on and what
 * contracts cover, in one document, each name once; a poll delivered again changes
 * nothing; a reset drops the names and leaves the admin's list alone.
 */
class CatalogProjectionIT {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

	private MongoClient client;

	private MongoTemplate mongo;

	private TimelineProjector incidents;

	private ContractProjector contracts;

	@BeforeEach
	void store() {
		this.client = MongoClients.create(TestInfrastructure.mongo().connectionString());
		this.mongo = new MongoTemplate(this.client, "catalog_projection_it");
		this.mongo.getDb().drop();
		this.incidents = TestProjectors.timeline(this.mongo, CLOCK);
		this.contracts = TestProjectors.contracts(this.mongo, CLOCK);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void incidentsAndContractsAddTheirServicesAndRegionsOnce() {
		var declared = TestProjectors.event("INC-1", 0, "2026-11-30T07:00:00Z",
				new IncidentDeclared("db down", Severity.SEV2, null, DetectionSource.CUSTOMER_REPORT,
						Instant.parse("2026-11-30T06:59:00Z"), List.of("database", "api"), List.of("eu-west-1")));
		var impact = TestProjectors.event("INC-1", 1, "2026-11-30T07:01:00Z",
				new ImpactReported("w1", "object-storage", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null,
						Instant.parse("2026-11-30T06:58:00Z"), null, null, List.of()));
		var note = TestProjectors.event("INC-1", 2, "2026-11-30T07:02:00Z", new NoteAdded("looking"));
		this.incidents.handle(TestProjectors.records(declared, impact, note));
		this.contracts.handle(TestProjectors.records(TestProjectors.contract("acme", 0, "2026-11-30T07:03:00Z",
				TestProjectors.registered("Acme Corp", TestProjectors.service("api", "eu-west-1", "ap-south-1")))));

		assertThat(names("services")).containsExactly("api", "database", "object-storage");
		assertThat(names("regions")).containsExactly("ap-south-1", "eu-west-1", "us-east-1");

		this.incidents.handle(TestProjectors.records(declared, impact, note));
		this.incidents.handle(TestProjectors.records(TestProjectors.event("INC-2", 0, "2026-11-30T07:04:00Z",
				new IncidentDeclared("api slow", Severity.SEV3, null, DetectionSource.MONITORING,
						Instant.parse("2026-11-30T07:04:00Z"), List.of("api"), List.of("eu-west-1")))));

		assertThat(this.mongo.getCollection(ReadModelCollections.CATALOG).countDocuments()).isEqualTo(1);
		assertThat(names("services")).containsExactly("api", "database", "object-storage");
		assertThat(names("regions")).containsExactly("ap-south-1", "eu-west-1", "us-east-1");
	}

	@Test
	void aResetDropsTheGatheredNamesButNotTheAdminList() {
		this.incidents.handle(TestProjectors.records(TestProjectors.event("INC-1", 0, "2026-11-30T07:00:00Z",
				new IncidentDeclared("db down", Severity.SEV2, null, DetectionSource.CUSTOMER_REPORT,
						Instant.parse("2026-11-30T06:59:00Z"), List.of("database"), List.of("eu-west-1")))));
		this.mongo.getCollection(ReadModelCollections.CATALOG_ADMIN)
			.insertOne(new Document("_id", ReadModelKeys.CATALOG_ADMIN_ID).append("services", List.of("billing"))
				.append("regions", List.of()));

		this.incidents.reset();

		assertThat(this.mongo.getCollection(ReadModelCollections.CATALOG).countDocuments()).isZero();
		assertThat(this.mongo.getCollection(ReadModelCollections.CATALOG_ADMIN)
			.find()
			.first()
			.getList("services", String.class)).containsExactly("billing");
	}

	private List<String> names(String field) {
		Document stored = this.mongo.getCollection(ReadModelCollections.CATALOG)
			.find(new Document("_id", ReadModelKeys.CATALOG_ID))
			.first();
		assertThat(stored).as("the catalog document").isNotNull();
		return stored.getList(field, String.class).stream().sorted().toList();
	}

}
