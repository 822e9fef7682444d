package com.nimbus.incidents.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The incidents of the growth workload, produced straight to {@code incident-events} as
 * the relay writes them: each is declared, reports one impact window on a (service,
 * region) customers contract, posts a public update and is resolved. A fixed set lies in
 * the report month and the last 90 days (what the status page, the report month and a
 * customer's month show, the same at every size); everything added to grow the store is
 * history older than a year, spread over the years before.
 */
final class GrowthDataset {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long FIRST_ID = 5_000_000L;

	private final YearMonth month;

	private final Instant now = Instant.now();

	private int produced;

	GrowthDataset(YearMonth month) {
		this.month = month;
	}

	int incidents() {
		return this.produced;
	}

	/**
	 * The incident produced last, and its last sequence: once the query API shows it, the
	 * projector has read up to it.
	 */
	String lastIncident() {
		return Dataset.incidentId(FIRST_ID + this.produced - 1);
	}

	static final long LAST_SEQUENCE = 3;

	/**
	 * The recent incidents: half in the report month, half spread over the last 90 days.
	 */
	void produceRecent(String bootstrap, int count) {
		Instant monthStart = this.month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Baselines.producerConfig(bootstrap))) {
			for (int i = 0; i < count; i++) {
				Instant declaredAt = (i % 2 == 0) ? monthStart.plusSeconds((i / 2) * 7_919L % (27L * 86_400))
						: this.now.minusSeconds(600 + (i * 25_919L) % (88L * 86_400));
				produce(producer, declaredAt, i);
			}
			producer.flush();
		}
	}

	/**
	 * History: incidents declared between a year and about twelve years before the report
	 * month, until the store holds {@code total} incidents.
	 */
	void produceHistoryUpTo(String bootstrap, int total) {
		Instant yearBefore = this.month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(366L * 86_400);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Baselines.producerConfig(bootstrap))) {
			while (this.produced < total) {
				produce(producer, yearBefore.minusSeconds(this.produced * 3_917L), this.produced);
			}
			producer.flush();
		}
	}

	private void produce(KafkaProducer<String, byte[]> producer, Instant declaredAt, int i) {
		String incidentId = Dataset.incidentId(FIRST_ID + this.produced);
		String service = Dataset.SERVICES.get(i % Dataset.SERVICES.size());
		String region = Dataset.REGIONS.get((i / Dataset.SERVICES.size()) % Dataset.REGIONS.size());
		boolean major = i % 2 == 0;
		Instant started = declaredAt.minusSeconds(300);
		Instant ended = declaredAt.plusSeconds(1_800 + (i % 50) * 60L);
		List<IncidentEvent> events = List.of(
				new IncidentDeclared("Outage of " + service + " in " + region, Severity.SEV2,
						"Errors seen by monitoring", DetectionSource.MONITORING, declaredAt, List.of(service),
						List.of(region)),
				new ImpactReported("impact-1", service, region,
						major ? ImpactLevel.MAJOR_OUTAGE : ImpactLevel.PARTIAL_OUTAGE,
						major ? null : new BigDecimal("0.3"), started, ended, null, List.of()),
				new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "We found the cause and are fixing it", true),
				new IncidentResolved("Fixed and verified"));
		for (int sequence = 0; sequence < events.size(); sequence++) {
			Instant at = (sequence == 3) ? ended : declaredAt.plusSeconds(sequence * 60L);
			EventEnvelope envelope = EventEnvelope.of(UUID.randomUUID().toString(), incidentId, sequence, at, at,
					"bench@example.com", events.get(sequence));
			ProducerRecord<String, byte[]> record = new ProducerRecord<>("incident-events", incidentId,
					JSON.writeValueAsBytes(envelope));
			record.headers().add("type", envelope.type().getBytes(StandardCharsets.UTF_8));
			record.headers()
				.add("schemaVersion", String.valueOf(envelope.schemaVersion()).getBytes(StandardCharsets.UTF_8));
			producer.send(record);
		}
		this.produced++;
	}

}
