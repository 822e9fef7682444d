package com.nimbus.incidents.projector.contract;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Sorts;
import com.nimbus.incidents.events.ContractAmended;
import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractEvent;
import com.nimbus.incidents.events.ContractRegistered;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.timeline.EnvelopeDecoder;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * A contract version that arrives ahead of a gap in its customer's sequence waits, apart
 * from the versions, and is written when the gap fills.
 */
class ContractProjectorIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

	private MongoClient client;

	private MongoTemplate mongo;

	private ContractProjector projector;

	@BeforeEach
	void store() {
		this.client = MongoClients.create(TestInfrastructure.mongo().connectionString());
		this.mongo = new MongoTemplate(this.client, "contract_projector_it");
		this.mongo.getDb().drop();
		this.projector = new ContractProjector(new EnvelopeDecoder(JSON), this.mongo,
				new ConsumerProperties("unused:9092", "incident-events", "contract-events", "group", 1000, 1 << 20,
						8 << 20, 16 << 20),
				mock(DeadLetters.class), Clock.fixed(NOW, ZoneOffset.UTC),
				new com.nimbus.incidents.projector.catalog.CatalogProjector(this.mongo));
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void aVersionAheadOfAGapWaitsAndIsWrittenWhenTheGapFills() {
		this.projector.handle(records(registered("acme", 0), amended("acme", 2, "14000.00"), registered("globex", 0)));

		assertThat(versions()).containsExactly("acme:0000000000", "globex:0000000000");
		List<Document> parked = this.mongo.getCollection(ParkedEvents.CONTRACTS).find().into(new ArrayList<>());
		assertThat(parked).singleElement().satisfies((event) -> {
			assertThat(event.getString("_id")).isEqualTo("acme:0000000002");
			assertThat(event.getString("aggregateId")).isEqualTo("acme");
			assertThat(event.getDate("parkedAt").toInstant()).isEqualTo(NOW);
		});

		this.projector.handle(records(amended("acme", 2, "14000.00")));
		assertThat(versions()).as("delivered again, still ahead of the gap")
			.containsExactly("acme:0000000000", "globex:0000000000");

		this.projector.handle(records(amended("acme", 1, "13000.00")));

		assertThat(versions()).containsExactly("acme:0000000000", "acme:0000000001", "acme:0000000002",
				"globex:0000000000");
		assertThat(this.mongo.getCollection(ParkedEvents.CONTRACTS).countDocuments()).isZero();
		Document third = this.mongo.getCollection(ContractProjector.VERSIONS)
			.find(new Document("_id", "acme:0000000002"))
			.first();
		assertThat(third.getLong("sequence")).isEqualTo(2);
		assertThat(third.getDate("effectiveFrom").toInstant()).isEqualTo(Instant.parse("2022-01-01T00:00:02Z"));
	}

	@Test
	void aParkedVersionAlreadyWrittenByAnEarlierAttemptIsReleased() {
		this.projector.handle(records(registered("acme", 0), amended("acme", 1, "13000.00")));
		// left by an attempt that wrote the versions and failed before releasing
		this.mongo.getCollection(ParkedEvents.CONTRACTS)
			.insertOne(new Document("_id", "acme:0000000001").append("aggregateId", "acme")
				.append("sequence", 1L)
				.append("json", new String(JSON.writeValueAsBytes(amended("acme", 1, "13000.00"))))
				.append("parkedAt", java.util.Date.from(NOW)));

		this.projector.handle(records(amended("acme", 1, "13000.00")));

		assertThat(versions()).containsExactly("acme:0000000000", "acme:0000000001");
		assertThat(this.mongo.getCollection(ParkedEvents.CONTRACTS).countDocuments()).isZero();
	}

	private List<String> versions() {
		return this.mongo.getCollection(ContractProjector.VERSIONS)
			.find()
			.sort(Sorts.ascending("_id"))
			.map((version) -> version.getString("_id"))
			.into(new ArrayList<>());
	}

	private static ServiceTerms storage(String fee) {
		return new ServiceTerms("object-storage", List.of("us-east-1"), new Money(new BigDecimal(fee), "USD"),
				new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null,
						List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN))));
	}

	private static ContractEnvelope registered(String customer, long sequence) {
		return envelope(customer, sequence, new ContractRegistered("Acme Retail", 120000,
				Instant.parse("2021-01-01T00:00:00Z"), List.of(storage("12000.00"))));
	}

	private static ContractEnvelope amended(String customer, long sequence, String fee) {
		return envelope(customer, sequence, new ContractAmended("Acme Retail", 125000,
				Instant.parse("2022-01-01T00:00:00Z").plusSeconds(sequence), List.of(storage(fee))));
	}

	private static ContractEnvelope envelope(String customer, long sequence, ContractEvent event) {
		return ContractEnvelope.of(customer + "-contract-" + sequence, customer, sequence,
				event.terms().effectiveFrom(), Instant.parse("2021-12-20T00:00:00Z").plusSeconds(sequence),
				"finance@nimbus.example", event);
	}

	private static List<ConsumerRecord<String, byte[]>> records(ContractEnvelope... envelopes) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (ContractEnvelope envelope : envelopes) {
			records.add(new ConsumerRecord<>("contract-events", 0, records.size(), envelope.customerId(),
					JSON.writeValueAsBytes(envelope)));
		}
		return records;
	}

}
