package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.ImpactWindows;
import com.nimbus.incidents.history.ImpactWindows.SequencedEvent;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.query.incident.ImpactScenario;
import com.nimbus.incidents.query.incident.RandomImpacts;
import com.nimbus.incidents.query.incident.ReadModelSeed;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA month read from its buckets: the figures of the bundled scenario, worked out by
 * hand (the same as the end-to-end test's), and, over incidents and contracts drawn at
 * random, the same reports as the credit rules give over every window of every incident
 * as known at the time, for every month, {@code knownAt} and {@code asOf} tried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CreditReportIT {

	private static final String DATABASE = "credit_report_it_" + UUID.randomUUID().toString().substring(0, 8);

	static final Instant NOW = Instant.parse("2023-06-01T00:00:00Z");

	private static final RandomImpacts RANDOM = new RandomImpacts(20211207L, 6, 60);

	@TestConfiguration
	static class FixedClock {

		@Bean
		@Primary
		Clock fixedClock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	CreditReportController controller;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeEach
	void seed() {
		if (this.mongo.getCollection("incident_summaries")
			.find(new Document("_id", ImpactScenario.CONGESTION))
			.first() != null) {
			return;
		}
		ReadModelSeed seed = new ReadModelSeed(this.mongo).clear();
		ImpactScenario.seed(seed);
		// acme's storage in us-west-2 down since April 2022, still open; globex's compute
		// in
		// us-east-1 down late in June 2022, its end recorded in July
		seed.incident("INC-OPENAPRIL01",
				List.of(declared("INC-OPENAPRIL01", "2022-04-20T09:30:00Z"),
						event("INC-OPENAPRIL01", 1, "2022-04-20T10:00:00Z",
								new ImpactReported("w", "object-storage", "us-west-2", ImpactLevel.MAJOR_OUTAGE, null,
										Instant.parse("2022-04-20T09:00:00Z"), null, null, null))),
				false);
		seed.incident("INC-ENDEDJULY01",
				List.of(declared("INC-ENDEDJULY01", "2022-06-28T09:30:00Z"),
						event("INC-ENDEDJULY01", 1, "2022-06-28T10:00:00Z",
								new ImpactReported("w", "compute-api", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null,
										Instant.parse("2022-06-28T09:00:00Z"), null, null, null)),
						event("INC-ENDEDJULY01", 2, "2022-07-02T10:00:00Z",
								new ImpactEnded("w", Instant.parse("2022-06-30T09:00:00Z")))),
				false);
		seed.flush();
	}

	@Test
	void theScenarioForDecember2021AsSentAndAfterTheCorrection() {
		JsonNode report = ok("/api/sla/credits?month=2021-12&asOf=2022-01-03T00:00:00Z&knownAt=2022-01-03T00:00:00Z");
		assertThat(report.get("month").asString()).isEqualTo("2021-12");
		assertThat(lines(report)).containsExactly("acme/object-storage 99.7567 10 1200.00 USD 21720 PT6H2M",
				"globex/compute-api 98.7948 30 9150.00 USD 32280 PT8H58M",
				"globex/object-storage 100.0000 0 0.00 EUR 0 PT0S", "initech/compute-api 100.0000 0 0.00 USD 0 PT0S");
		JsonNode counted = report.get("lines").get(1).get("windows").get(0);
		assertThat(counted.get("incidentId").asString()).isEqualTo(ImpactScenario.CONGESTION);
		assertThat(counted.get("impactId").asString()).isEqualTo("compute-use1");
		assertThat(counted.get("from").asString()).isEqualTo("2021-12-07T15:30:00Z");
		assertThat(counted.get("to").asString()).isEqualTo("2021-12-08T00:28:00Z");
		assertThat(report.get("totals").get(1).get("creditAmount").asString()).isEqualTo("10350.00");

		// 15:32 to 04:00 at a full error rate: 44,880 s of 2,678,400, 98.3244, 25%
		JsonNode corrected = ok("/api/sla/credits?month=2021-12&customerId=acme");
		assertThat(corrected.get("knownAt").asString()).isEqualTo(NOW.toString());
		assertThat(lines(corrected)).containsExactly("acme/object-storage 98.3244 25 3000.00 USD 44880 PT12H28M");
		assertThat(lines(ok("/api/sla/credits?month=2021-12&customerId=acme&knownAt="
				+ ImpactScenario.CORRECTION_RECORDED.minusMillis(1))))
			.containsExactly("acme/object-storage 99.7567 10 1200.00 USD 21720 PT6H2M");
		assertThat(lines(ok("/api/sla/credits?month=2021-11"))).containsExactly(
				"acme/object-storage 100.0000 0 0.00 USD 0 PT0S", "globex/compute-api 100.0000 0 0.00 USD 0 PT0S",
				"globex/object-storage 100.0000 0 0.00 EUR 0 PT0S", "initech/compute-api 100.0000 0 0.00 USD 0 PT0S");
	}

	@Test
	void aWindowStillOpenCountsInLaterMonthsAndOneOpenAsKnownThenCountsThoughItHasEndedSince() {
		// ten days of a 31-day month down: 100 x 21 / 31 = 67.7419, under 95.0: 100%
		JsonNode may = ok("/api/sla/credits?month=2022-05&customerId=acme&asOf=2022-05-11T00:00:00Z");
		assertThat(lines(may)).containsExactly("acme/object-storage 67.7419 100 12000.00 USD 864000 PT240H");
		assertThat(may.get("lines").get(0).get("provisional").asBoolean()).isTrue();
		assertThat(lines(ok("/api/sla/credits?month=2023-01&customerId=acme&asOf=2023-01-11T00:00:00Z")))
			.containsExactly("acme/object-storage 67.7419 100 12000.00 USD 864000 PT240H");

		String july = "/api/sla/credits?month=2022-07&customerId=globex&asOf=2022-07-11T00:00:00Z";
		assertThat(lines(ok(july + "&knownAt=2022-07-01T00:00:00Z"))).containsExactly(
				"globex/compute-api 67.7419 100 30500.00 USD 864000 PT240H",
				"globex/object-storage 100.0000 0 0.00 EUR 0 PT0S");
		assertThat(lines(ok(july + "&knownAt=2022-07-03T00:00:00Z"))).containsExactly(
				"globex/compute-api 100.0000 0 0.00 USD 0 PT0S", "globex/object-storage 100.0000 0 0.00 EUR 0 PT0S");
	}

	@Test
	void overRandomIncidentsAndContractsEveryReportIsTheOneEveryWindowGives() {
		RANDOM.seed(new ReadModelSeed(this.mongo).clear());
		try {
			compareEveryReport();
		}
		finally {
			new ReadModelSeed(this.mongo).clear();
		}
	}

	private void compareEveryReport() {
		List<String> knownAts = new ArrayList<>(List.of("2021-06-15T00:00:00Z", "2021-12-20T12:00:00Z",
				"2022-03-03T00:00:00Z", "2022-08-10T00:00:00Z", "2022-12-31T23:59:59Z"));
		knownAts.add(null);
		int compared = 0;
		int withLines = 0;
		int provisional = 0;
		for (YearMonth month = YearMonth.of(2021, 1); !month.isAfter(YearMonth.of(2023, 1)); month = month
			.plusMonths(1)) {
			Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			for (String asOf : new String[] { null, start.plusSeconds(14 * 86400 + 3600).toString(),
					start.plusSeconds(3 * 86400).toString() }) {
				for (String knownAt : knownAts) {
					for (String customerId : new String[] { null, RANDOM.customers().get(compared % 6) }) {
						CreditReport report = this.controller.report(month.toString(), customerId, asOf, knownAt);
						assertThat(report).as("%s asOf %s knownAt %s customer %s", month, asOf, knownAt, customerId)
							.isEqualTo(reference(month, customerId, asOf, knownAt));
						compared++;
						withLines += report.lines().stream().anyMatch((line) -> !line.windows().isEmpty()) ? 1 : 0;
						provisional += report.lines().stream().anyMatch(CreditReport.Line::provisional) ? 1 : 0;
					}
				}
			}
		}
		assertThat(compared).isEqualTo(25 * 3 * 6 * 2);
		// many reports count some window, some an open one: not a comparison of empty
		// reports
		assertThat(withLines).isGreaterThan(compared / 3);
		assertThat(provisional).isGreaterThan(compared / 20);
	}

	/**
	 * The report as computed before the buckets: every contract version and every impact
	 * fact known at {@code knownAt}, folded per incident, through the same credit rules.
	 */
	private static CreditReport reference(YearMonth month, String customerId, String asOf, String knownAt) {
		Instant asOfTime = (asOf != null) ? Instant.parse(asOf) : NOW;
		Instant knownAtTime = (knownAt != null) ? Instant.parse(knownAt) : NOW;
		Map<String, List<ContractVersion>> versions = new TreeMap<>();
		RANDOM.contracts.forEach((customer, all) -> {
			List<ContractVersion> known = all.stream()
				.filter((version) -> !version.recordedAt().isAfter(knownAtTime))
				.toList();
			if (!known.isEmpty()) {
				versions.put(customer, known);
			}
		});
		if (customerId != null) {
			versions.keySet().retainAll(List.of(customerId));
		}
		List<CreditWindow> windows = new ArrayList<>();
		RANDOM.logs.forEach((incidentId, log) -> {
			List<SequencedEvent> facts = log.stream()
				.filter((event) -> ImpactWindows.isImpactEvent(event.payload())
						&& !event.recordedAt().isAfter(knownAtTime))
				.map((event) -> new SequencedEvent(event.sequence(), event.payload()))
				.toList();
			for (ImpactWindow window : ImpactWindows.fold(facts)) {
				windows.add(new CreditWindow(incidentId, window.impactId(), window.service(), window.region(),
						window.level(), window.errorRate(), window.startedAt(), window.endedAt(),
						window.affectedCustomerIds()));
			}
		});
		List<CreditLine> lines = new ArrayList<>();
		versions.forEach((customer, known) -> lines.addAll(CreditRules.lines(month, asOfTime, known, windows)));
		lines.sort(Comparator.comparing(CreditLine::customerId).thenComparing(CreditLine::service));
		Map<String, BigDecimal> totals = new TreeMap<>();
		lines.forEach(
				(line) -> totals.merge(line.creditAmount().currency(), line.creditAmount().amount(), BigDecimal::add));
		return new CreditReport(month.toString(), asOfTime, knownAtTime,
				lines.stream().map(CreditReport.Line::of).toList(),
				totals.entrySet()
					.stream()
					.map((total) -> new CreditReport.Total(total.getKey(), total.getValue()))
					.toList());
	}

	private static EventEnvelope declared(String incidentId, String recordedAt) {
		return event(incidentId, 0, recordedAt, new IncidentDeclared("Errors", Severity.SEV2, null,
				DetectionSource.MONITORING, null, List.of("object-storage"), List.of("us-west-2")));
	}

	private static EventEnvelope event(String incidentId, long sequence, String recordedAt, IncidentEvent payload) {
		Instant at = Instant.parse(recordedAt);
		return EventEnvelope.of("e-" + incidentId + "-" + sequence, incidentId, sequence, at, at, "dana@nimbus.example",
				payload);
	}

	private static List<String> lines(JsonNode report) {
		List<String> lines = new ArrayList<>();
		report.get("lines")
			.forEach((line) -> lines.add(line.get("customerId").asString() + "/" + line.get("service").asString() + " "
					+ line.get("uptimePercent").asString() + " " + line.get("creditPercent").asString() + " "
					+ line.get("creditAmount").get("amount").asString() + " "
					+ line.get("creditAmount").get("currency").asString() + " " + line.get("downtimeSeconds").asLong()
					+ " " + line.get("downtime").asString()));
		return lines;
	}

	private JsonNode ok(String path) {
		ResponseEntity<String> response = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization",
					"Bearer " + TestInfrastructure.issuer().token("fin@nimbus.example", "FINANCE"))
			.defaultStatusHandler((status) -> true, (request, response1) -> {
			})
			.build()
			.get()
			.uri(path)
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).as(path + " -> " + response.getBody()).isEqualTo(200);
		return this.json.readTree(response.getBody());
	}

}
