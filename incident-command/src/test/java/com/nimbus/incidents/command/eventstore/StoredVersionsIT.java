package com.nimbus.incidents.command.eventstore;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event stored under an older schema version reads, through Axon's upcaster chain, as
 * the current record: the command side's half of "events are forever".
 */
@SpringBootTest
class StoredVersionsIT {

	private static final String DATABASE = "stored_versions_it_" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	MongoEventStorageEngine store;

	@Autowired
	MongoClient mongo;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> "stored-versions-it-" + DATABASE);
		registry.add("kafka.contract-topic", () -> "stored-versions-it-contracts-" + DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@Test
	void aVersion1ActionStoredLongAgoReadsAsTheCurrentRecord() throws Exception {
		String id = "INC-OLDSCHEMA01";
		MetaData metaData = MetaData.with("occurredAt", "2021-12-07T17:28:00Z")
			.and("recordedAt", "2021-12-07T17:29:00Z")
			.and("actor", "dana@nimbus.example");
		this.store.appendEvents(
				new GenericDomainEventMessage<>("Incident", id, 0,
						new IncidentDeclared("t", Severity.SEV2, null, DetectionSource.MONITORING, null, List.of(),
								List.of()),
						metaData),
				new GenericDomainEventMessage<>("Incident", id, 1,
						new ActionRecorded(ActionKind.MITIGATION, "placeholder", List.of()), metaData));
		// Make the stored event what version 1 wrote: the fixture's payload, revision
		// "1".
		String v1Payload;
		try (InputStream in = getClass().getResourceAsStream("/fixtures/ActionRecorded-v1.json")) {
			JsonMapper json = JsonMapper.builder().build();
			v1Payload = json.writeValueAsString(json.readTree(in).get("payload"));
		}
		var updated = this.mongo.getDatabase(DATABASE)
			.getCollection("domainevents")
			.updateOne(new Document("aggregateIdentifier", id).append("sequenceNumber", 1L),
					new Document("$set", new Document("serializedPayload", v1Payload).append("payloadRevision", "1")));
		assertThat(updated.getModifiedCount()).isEqualTo(1);
		Document stored = this.mongo.getDatabase(DATABASE)
			.getCollection("domainevents")
			.find(new Document("aggregateIdentifier", id).append("sequenceNumber", 1L))
			.first();
		assertThat(stored.getString("payloadType")).isEqualTo("ActionRecorded");
		assertThat(stored.getString("serializedPayload")).doesNotContain("relatedImpactIds");

		DomainEventStream events = this.store.readEvents(id);
		List<DomainEventMessage<?>> read = new ArrayList<>();
		events.forEachRemaining(read::add);
		assertThat(read).hasSize(2);
		assertThat(read.get(1).getPayload()).isEqualTo(new ActionRecorded(ActionKind.MITIGATION,
				"Moved internal DNS traffic off the congested paths.", List.of()));
	}

	@Test
	void aVersion1DeclarationStoredLongAgoReadsWithNoPublicTitle() throws Exception {
		String id = "INC-OLDSCHEMA02";
		MetaData metaData = MetaData.with("occurredAt", "2021-12-07T15:48:00Z")
			.and("recordedAt", "2021-12-07T15:49:00Z")
			.and("actor", "dana@nimbus.example");
		this.store.appendEvents(new GenericDomainEventMessage<>("Incident", id, 0, new IncidentDeclared("placeholder",
				Severity.SEV2, null, DetectionSource.MONITORING, null, List.of(), List.of(), "placeholder"), metaData));
		String v1Payload;
		try (InputStream in = getClass().getResourceAsStream("/fixtures/IncidentDeclared-v1.json")) {
			JsonMapper json = JsonMapper.builder().build();
			v1Payload = json.writeValueAsString(json.readTree(in).get("payload"));
		}
		var updated = this.mongo.getDatabase(DATABASE)
			.getCollection("domainevents")
			.updateOne(new Document("aggregateIdentifier", id).append("sequenceNumber", 0L),
					new Document("$set", new Document("serializedPayload", v1Payload).append("payloadRevision", "1")));
		assertThat(updated.getModifiedCount()).isEqualTo(1);

		List<DomainEventMessage<?>> read = new ArrayList<>();
		this.store.readEvents(id).forEachRemaining(read::add);
		IncidentDeclared declared = (IncidentDeclared) read.get(0).getPayload();
		assertThat(declared.title()).isEqualTo("us-east-1: elevated API and console errors");
		assertThat(declared.publicTitle()).isNull();
	}

}
