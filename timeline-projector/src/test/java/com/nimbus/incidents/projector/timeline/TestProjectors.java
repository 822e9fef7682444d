package com.nimbus.incidents.projector.timeline;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.ContractEnvelope;
import com.nimbus.incidents.events.ContractEvent;
import com.nimbus.incidents.events.ContractRegistered;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import com.nimbus.incidents.projector.contract.ContractProjector;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.mockito.Mockito.mock;

/**
 * Both projectors over one store, fed records directly (no broker), and the records they
 * read.
 */
public final class TestProjectors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ConsumerProperties PROPERTIES = new ConsumerProperties("unused:9092", "incident-events",
			"contract-events", "group", 1000, 1 << 20, 8 << 20, 16 << 20);

	private TestProjectors() {
	}

	public static TimelineProjector timeline(MongoTemplate mongo, Clock clock) {
		return new TimelineProjector(new EnvelopeDecoder(JSON),
				new TimelineStore(mongo, new EnvelopeDecoder(JSON), clock),
				new com.nimbus.incidents.projector.status.StatusPageProjector(mongo,
						new TimelinePublicUpdates(mongo, new EnvelopeDecoder(JSON)), clock, new SimpleMeterRegistry()),
				new com.nimbus.incidents.projector.status.StatusFeedProjector(mongo),
				new com.nimbus.incidents.projector.catalog.CatalogProjector(mongo), PROPERTIES, mock(DeadLetters.class),
				new ParallelWrites(), new SimpleMeterRegistry());
	}

	public static TimelineStore store(MongoTemplate mongo, Clock clock) {
		return new TimelineStore(mongo, new EnvelopeDecoder(JSON), clock);
	}

	public static ContractProjector contracts(MongoTemplate mongo, Clock clock) {
		return new ContractProjector(new EnvelopeDecoder(JSON), mongo, PROPERTIES, mock(DeadLetters.class), clock,
				new com.nimbus.incidents.projector.catalog.CatalogProjector(mongo));
	}

	public static List<ConsumerRecord<String, byte[]>> records(EventEnvelope... envelopes) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (EventEnvelope envelope : envelopes) {
			records.add(new ConsumerRecord<>("incident-events", 0, records.size(), envelope.incidentId(),
					JSON.writeValueAsBytes(envelope)));
		}
		return records;
	}

	public static List<ConsumerRecord<String, byte[]>> records(ContractEnvelope... envelopes) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (ContractEnvelope envelope : envelopes) {
			records.add(new ConsumerRecord<>("contract-events", 0, records.size(), envelope.customerId(),
					JSON.writeValueAsBytes(envelope)));
		}
		return records;
	}

	/**
	 * An incident event at {@code sequence}, recorded at {@code recordedAt}.
	 */
	public static EventEnvelope event(String incidentId, long sequence, String recordedAt, IncidentEvent payload) {
		Instant recorded = Instant.parse(recordedAt);
		return EventEnvelope.of(incidentId + "-" + sequence, incidentId, sequence, recorded, recorded,
				"dana@nimbus.example", payload);
	}

	/**
	 * A contract version at {@code sequence}, recorded at {@code recordedAt}.
	 */
	public static ContractEnvelope contract(String customerId, long sequence, String recordedAt, ContractEvent event) {
		return ContractEnvelope.of(customerId + "-contract-" + sequence, customerId, sequence,
				event.terms().effectiveFrom(), Instant.parse(recordedAt), "finance@nimbus.example", event);
	}

	/**
	 * A registration covering a service in regions from 2021.
	 */
	public static ContractRegistered registered(String name, ServiceTerms... services) {
		return new ContractRegistered(name, 1000, Instant.parse("2021-01-01T00:00:00Z"), List.of(services));
	}

	public static ServiceTerms service(String service, String... regions) {
		return new ServiceTerms(service, List.of(regions), new Money(new BigDecimal("1000.00"), "USD"),
				new SlaTerms(SlaMeasurement.AVAILABILITY, List.of(ImpactLevel.MAJOR_OUTAGE), null,
						List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN))));
	}

}
