package com.nimbus.incidents.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data the rebuild and the reads work on.
 * <ul>
 * <li>The bulk of {@code incident-events}: {@code listIncidents} incidents, one of them
 * with {@code bigIncidentEvents} events, the rest sharing what is left of {@code events};
 * published envelopes as the relay writes them (same JSON form, key and headers),
 * produced straight to the topic: a million commands over HTTP would take the better part
 * of an hour and measure the command path again, not the rebuild.</li>
 * <li>{@code contracts} contracts and {@code slaIncidents} incidents with an impact in
 * the report month, through the HTTP API as finance and responders would enter them.</li>
 * </ul>
 */
final class Dataset {

	static final List<String> SERVICES = List.of("compute-api", "object-storage", "console", "dns", "database", "queue",
			"cdn", "auth", "search", "analytics");

	static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final char[] BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private final BenchSettings settings;

	final YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);

	/** Last version per incident id of the bulk. */
	final Map<String, Long> versions = new LinkedHashMap<>();

	String bigIncident;

	long produced;

	final Map<String, Long> slaVersions = new LinkedHashMap<>();

	Dataset(BenchSettings settings) {
		this.settings = settings;
	}

	static String incidentId(long index) {
		char[] id = new char[10];
		long rest = index;
		for (int i = 9; i >= 0; i--) {
			id[i] = BASE32[(int) (rest % 32)];
			rest /= 32;
		}
		return "INC-" + new String(id);
	}

	/**
	 * Produces the bulk to {@code incident-events}; returns the number of records.
	 */
	long produceBulk(String bootstrap) {
		int incidents = this.settings.listIncidents();
		long big = this.settings.bigIncidentEvents();
		long rest = Math.max(0, this.settings.events() - big);
		long perIncident = rest / Math.max(1, incidents - 1);
		long extra = rest % Math.max(1, incidents - 1);
		Instant start = this.month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Baselines.producerConfig(bootstrap))) {
			for (int i = 0; i < incidents; i++) {
				String incidentId = incidentId(1_000_000L + i);
				long events = (i == 0) ? big : perIncident + ((i - 1 < extra) ? 1 : 0);
				if (i == 0) {
					this.bigIncident = incidentId;
				}
				Instant declaredAt = start.plus(i * 37L, ChronoUnit.SECONDS);
				String service = SERVICES.get(i % SERVICES.size());
				String region = REGIONS.get(i % REGIONS.size());
				for (long sequence = 0; sequence < events; sequence++) {
					Instant at = declaredAt.plusMillis(sequence * 1000);
					IncidentEvent payload = (sequence == 0)
							? new IncidentDeclared("Degraded " + service + " in " + region, Severity.SEV2,
									"Elevated errors seen by monitoring", DetectionSource.MONITORING, at,
									List.of(service), List.of(region))
							: switch ((int) (sequence % 3)) {
								case 0 -> new NoteAdded("Observation " + sequence + " from the on-call engineer");
								case 1 -> new ActionRecorded(ActionKind.MITIGATION,
										"Shifted traffic away, step " + sequence, List.of());
								default -> new StatusUpdatePosted(UpdateStatus.INVESTIGATING,
										"Still investigating, update " + sequence, false);
							};
					EventEnvelope envelope = EventEnvelope.of(UUID.randomUUID().toString(), incidentId, sequence, at,
							at, "bench@example.com", payload);
					ProducerRecord<String, byte[]> record = new ProducerRecord<>("incident-events", incidentId,
							JSON.writeValueAsBytes(envelope));
					record.headers().add("type", envelope.type().getBytes(StandardCharsets.UTF_8));
					record.headers()
						.add("schemaVersion",
								String.valueOf(envelope.schemaVersion()).getBytes(StandardCharsets.UTF_8));
					producer.send(record);
					this.produced++;
				}
				this.versions.put(incidentId, events - 1);
			}
			producer.flush();
		}
		return this.produced;
	}

	/**
	 * Registers the contracts and records the incidents with an impact in the report
	 * month, through the HTTP API from {@code clients} threads.
	 */
	void enterContractsAndImpacts(Http http, String commandUrl, String finance, String responder, int clients)
			throws Exception {
		enterContracts(http, commandUrl, finance, clients, this.settings.contracts());
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> done = new ArrayList<>();
			Map<String, Long> versions = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
			for (int client = 0; client < clients; client++) {
				int self = client;
				done.add(pool.submit(() -> {
					for (int i = self; i < this.settings.slaIncidents(); i += clients) {
						impactIncident(http, commandUrl, responder, i, versions);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.MINUTES);
			}
			this.slaVersions.putAll(versions);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Registers {@code count} customers' contracts ({@code bench-customer-0..}) through
	 * the HTTP API from {@code clients} threads.
	 */
	void enterContracts(Http http, String commandUrl, String finance, int clients, int count) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				int self = client;
				done.add(pool.submit(() -> {
					for (int c = self; c < count; c += clients) {
						http.expectOk("PUT", commandUrl + "/api/contracts/bench-customer-" + c, finance, contract(c));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String contract(int c) {
		String effectiveFrom = this.month.minusYears(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
		StringBuilder services = new StringBuilder();
		for (int s = 0; s < 2; s++) {
			String service = SERVICES.get((c + s * 3) % SERVICES.size());
			String regions = "\"" + REGIONS.get(c % REGIONS.size()) + "\",\"" + REGIONS.get((c + 1) % REGIONS.size())
					+ "\"";
			String sla = ((c + s) % 2 == 0)
					? "{\"measurement\":\"AVAILABILITY\",\"downtimeLevels\":[\"MAJOR_OUTAGE\"],\"downtimeErrorRate\":0.25,"
							+ "\"tiers\":[{\"below\":\"99.99\",\"creditPercent\":\"10\"},{\"below\":\"99.0\",\"creditPercent\":\"30\"},"
							+ "{\"below\":\"95.0\",\"creditPercent\":\"100\"}]}"
					: "{\"measurement\":\"ERROR_RATE\",\"tiers\":[{\"below\":\"99.9\",\"creditPercent\":\"10\"},"
							+ "{\"below\":\"99.0\",\"creditPercent\":\"25\"},{\"below\":\"95.0\",\"creditPercent\":\"100\"}]}";
			services.append((s > 0) ? "," : "")
				.append("{\"service\":\"")
				.append(service)
				.append("\",\"regions\":[")
				.append(regions)
				.append("],\"monthlyFee\":{\"amount\":\"")
				.append(1000 + (c % 50) * 100)
				.append(".00\",\"currency\":\"USD\"},\"sla\":")
				.append(sla)
				.append('}');
		}
		return "{\"customerName\":\"Bench Customer " + c + "\",\"activeUsers\":" + (5000 + c * 10)
				+ ",\"effectiveFrom\":\"" + effectiveFrom + "\",\"services\":[" + services + "]}";
	}

	private void impactIncident(Http http, String commandUrl, String responder, int i, Map<String, Long> versions) {
		Instant declaredAt = this.month.atDay(1 + (i % 27))
			.atStartOfDay()
			.toInstant(ZoneOffset.UTC)
			.plusSeconds(i * 61L % 80_000);
		String service = SERVICES.get(i % SERVICES.size());
		String region = REGIONS.get((i / SERVICES.size()) % REGIONS.size());
		Http.Response declared = http.expectOk("POST", commandUrl + "/api/incidents", responder,
				"{\"title\":\"Outage of " + service + " in " + region + "\",\"severity\":\"SEV1\","
						+ "\"detectionSource\":\"MONITORING\",\"services\":[\"" + service + "\"],\"regions\":[\""
						+ region + "\"],\"declaredAt\":\"" + declaredAt + "\"}");
		String incidentId = declared.body().replaceAll(".*\"incidentId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		boolean major = i % 2 == 0;
		Http.Response impact = http.expectOk("POST", commandUrl + "/api/incidents/" + incidentId + "/impacts",
				responder,
				"{\"service\":\"" + service + "\",\"region\":\"" + region + "\",\"level\":\""
						+ (major ? "MAJOR_OUTAGE\"" : "PARTIAL_OUTAGE\",\"errorRate\":0.3") + ",\"startedAt\":\""
						+ declaredAt.minusSeconds(600) + "\",\"endedAt\":\"" + declaredAt.plusSeconds(1800 + i * 7L)
						+ "\"}");
		versions.put(incidentId, impact.version());
	}

}
