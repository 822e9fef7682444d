package com.nimbus.incidents.e2e;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.call;
import static com.nimbus.incidents.e2e.Api.get;
import static com.nimbus.incidents.e2e.Reads.entries;
import static com.nimbus.incidents.e2e.Reads.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 end to end with a real Prometheus Alertmanager ({@link Alertmanager}) whose
 * receiver is the command service's webhook with a MONITOR token: alerts posted to
 * Alertmanager's own API declare an incident, open, raise and end its window, show on the
 * public status page and in the month's SLA credit, and a lesser alert waits for triage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertmanagerEndToEndIT {

	private static final String SOURCE = "alertmanager-e2e";

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final String CUSTOMER = "umbrella";

	private static final String FEE = "1234.58";

	private static final List<HandWorkedCredit.Tier> TIERS = List.of(new HandWorkedCredit.Tier("99.999", "10"),
			new HandWorkedCredit.Tier("99.99", "25"), new HandWorkedCredit.Tier("99.9", "50"));

	/** Times to the second, as Alertmanager keeps and sends them. */
	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private static final PrometheusAlert GETS = new PrometheusAlert("storage-a:9100", "critical", "object-storage",
			NOW.minusSeconds(300), "object-storage GET errors on storage-a", null);

	private static final PrometheusAlert PUTS = new PrometheusAlert("storage-b:9100", "critical", "object-storage",
			NOW.minusSeconds(180), "object-storage PUT errors above 40% on storage-b", "0.4");

	private static final PrometheusAlert EC2 = new PrometheusAlert("ec2-api-1:9100", "warning", "ec2-api",
			NOW.minusSeconds(120), "ec2-api latency above 2 s", null);

	private static Platform platform;

	private static Alertmanager alertmanager;

	private static String command;

	private static String query;

	private static String incidentId;

	private static String impactId;

	private static JsonNode endedWindow;

	private static final Map<String, String> fingerprints = new HashMap<>();

	@BeforeAll
	static void startTheStackAndAlertmanager() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer().token("erin@nimbus.example", "RESPONDER", "VIEWER", "FINANCE", "ADMIN");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		accepted(call("PUT", command + "/api/contracts/" + CUSTOMER, contract(), Api.bearer));
		Path target = Path.of(System.getProperty("platform.home", ".."))
			.toAbsolutePath()
			.normalize()
			.resolve("end-to-end-tests/target");
		Files.createDirectories(target);
		alertmanager = Alertmanager.start(Files.createTempDirectory(target, "alertmanager-"), URI.create(command),
				platform.issuer().token(SOURCE, "MONITOR"));
		System.out.println("AlertmanagerEndToEndIT: " + alertmanager.kind() + " at " + alertmanager.url() + ", log "
				+ alertmanager.log());
	}

	@AfterAll
	static void stop() {
		if (alertmanager != null) {
			alertmanager.close();
		}
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	@Order(1)
	void twoCriticalAlertsDeclareAnIncidentWithOneMonitoringWindow() throws Exception {
		alertmanager.post(List.of(GETS.json(null), PUTS.json(null), EC2.json(null)));
		JsonNode held = until("Alertmanager holds the three alerts", alertmanager::alerts,
				(alerts) -> alerts.size() == 3);
		held.forEach((alert) -> fingerprints.put(alert.get("labels").get("instance").asString(),
				alert.get("fingerprint").asString()));

		JsonNode list = until("an incident on object-storage in us-east-1",
				() -> accepted(get(query + "/api/incidents?service=object-storage&region=us-east-1")),
				(page) -> page.get("total").asLong() >= 1);
		assertThat(list.get("total").asLong()).isEqualTo(1);
		incidentId = list.get("items").get(0).get("incidentId").asString();
		JsonNode timeline = until("both critical alerts on the timeline", this::timeline,
				(t) -> entries(t, "SignalReceived").size() == 2);
		JsonNode incident = awaitVersion(query + "/api/incidents/" + incidentId, timeline.get("version").asLong());

		assertThat(fields(incident, "detectionSource", "severity", "status", "services", "regions"))
			.isEqualTo("MONITORING SEV2 OPEN [\"object-storage\"] [\"us-east-1\"]");
		// declared for the alert placed first (either): titled by its summary, detected
		// at
		// its startsAt, its window opened with its fingerprint
		PrometheusAlert first = incident.get("title").asString().equals(PUTS.summary()) ? PUTS : GETS;
		assertThat(fields(incident, "title", "detectedAt")).isEqualTo(first.summary() + " " + first.startsAt());
		assertThat(incident.get("closedImpacts")).isEmpty();
		assertThat(incident.get("openImpacts")).hasSize(1);
		JsonNode window = incident.get("openImpacts").get(0);
		impactId = window.get("impactId").asString();
		assertWindow(window, null);

		assertThat(entries(timeline, "SignalReceived"))
			.extracting((e) -> e.get("summary").asString() + " at " + e.get("occurredAt").asString())
			.containsExactlyInAnyOrder(GETS.timelineText("firing", SOURCE) + " at " + GETS.startsAt(),
					PUTS.timelineText("firing", SOURCE) + " at " + PUTS.startsAt());
		assertThat(entries(timeline, "IncidentDeclared")).extracting((e) -> e.get("summary").asString())
			.containsExactly("Declared SEV2: " + incident.get("title").asString());
		assertThat(entries(timeline, "ImpactReported")).singleElement()
			.satisfies((e) -> assertThat(e.get("summary").asString())
				.startsWith("Impact " + impactId + " on object-storage in us-east-1: MAJOR_OUTAGE")
				.endsWith("(from monitoring)"));

		// the event log, in order: the first alert opens the window, the second moves it
		// (an earlier start, or a higher error rate); each named by Alertmanager's
		// fingerprint
		PrometheusAlert second = (first == GETS) ? PUTS : GETS;
		List<String> events = new ArrayList<>();
		accepted(get(query + "/api/incidents/" + incidentId + "/events")).get("events")
			.forEach((event) -> events.add(fields(event, "type", "payload.source", "payload.fingerprint",
					"payload.status", "payload.impactId", "payload.startedAt", "payload.errorRate")));
		assertThat(events).filteredOn((event) -> !event.startsWith("IncidentDeclared"))
			.containsExactly(
					String.join(" ", "ImpactReported MONITOR", fingerprint(first), "null", impactId,
							first.startsAt().toString(), String.valueOf(first.errorRate())),
					String.join(" ", "SignalReceived", SOURCE, fingerprint(first), "FIRING", impactId, "null",
							String.valueOf(first.errorRate())),
					(first == GETS) ? "ImpactCorrected null null null " + impactId + " null 0.4"
							: "ImpactCorrected null null null " + impactId + " " + GETS.startsAt() + " null",
					String.join(" ", "SignalReceived", SOURCE, fingerprint(second), "FIRING", impactId, "null",
							String.valueOf(second.errorRate())));
	}

	@Test
	@Order(2)
	void theStatusPageShowsObjectStorageInUsEast1DownWithoutInternals() throws Exception {
		JsonNode page = until("the status page shows the outage since the earlier start",
				AlertmanagerEndToEndIT::statusPage,
				(p) -> "MAJOR_OUTAGE".equals(p.get("overall").asString()) && p.get("services")
					.get(0)
					.get("incidents")
					.get(0)
					.get("since")
					.asString()
					.equals(GETS.startsAt().toString()));
		assertThat(page.get("services")).hasSize(1);
		JsonNode component = page.get("services").get(0);
		assertThat(fields(component, "service", "region", "status")).isEqualTo("object-storage us-east-1 MAJOR_OUTAGE");
		assertThat(component.get("incidents")).hasSize(1);
		assertThat(fields(component.get("incidents").get(0), "level", "since", "title"))
			.isEqualTo("MAJOR_OUTAGE " + GETS.startsAt() + " We are investigating reports of degraded service");
		assertThat(page.toString()).doesNotContain(incidentId, GETS.summary(), PUTS.summary(), "ec2-api");
	}

	@Test
	@Order(3)
	void theWarningWaitsForTriage() throws Exception {
		JsonNode waiting = until("the warning listed for triage",
				() -> accepted(get(command + "/api/signals?placed=false")), (w) -> w.get("signals").size() >= 1);
		assertThat(waiting.get("truncated").asBoolean()).isFalse();
		assertThat(waiting.get("signals")).hasSize(1);
		assertThat(fields(waiting.get("signals").get(0), "source", "fingerprint", "status", "service", "region",
				"level", "startsAt", "labels.instance", "summary"))
			.isEqualTo(String.join(" ", SOURCE, fingerprint(EC2), "FIRING ec2-api us-east-1 PARTIAL_OUTAGE",
					EC2.startsAt().toString(), "ec2-api-1:9100", EC2.summary()));
	}

	@Test
	@Order(4)
	void resolvingBothAlertsEndsTheWindowAtTheLaterEnd() throws Exception {
		Instant resolved = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant getsEnd = resolved.minusSeconds(7);
		alertmanager.post(List.of(GETS.json(getsEnd), PUTS.json(resolved)));

		JsonNode incident = until("the window ended", () -> accepted(get(query + "/api/incidents/" + incidentId)),
				(i) -> i.get("closedImpacts").size() == 1);
		assertThat(incident.get("openImpacts")).isEmpty();
		assertThat(incident.get("status").asString()).isEqualTo("OPEN");
		endedWindow = incident.get("closedImpacts").get(0);
		assertThat(endedWindow.get("impactId").asString()).isEqualTo(impactId);
		assertWindow(endedWindow, resolved);

		JsonNode timeline = awaitVersion(query + "/api/incidents/" + incidentId + "/timeline",
				incident.get("version").asLong());
		assertThat(entries(timeline, "SignalReceived"))
			.extracting((e) -> e.get("summary").asString() + " at " + e.get("occurredAt").asString())
			.contains(GETS.timelineText("resolved", SOURCE) + " at " + getsEnd,
					PUTS.timelineText("resolved", SOURCE) + " at " + resolved)
			.hasSize(4);
		assertThat(entries(timeline, "ImpactEnded")).extracting((e) -> e.get("summary").asString())
			.containsExactly("Impact " + impactId + " ended at " + resolved);

		JsonNode page = until("the status page shows the end", AlertmanagerEndToEndIT::statusPage,
				(p) -> "OPERATIONAL".equals(p.get("overall").asString()));
		JsonNode component = page.get("services").get(0);
		assertThat(fields(component, "service", "region", "status")).isEqualTo("object-storage us-east-1 OPERATIONAL");
		assertThat(component.get("incidents")).isEmpty();
		assertThat(page.get("history")).isEmpty();
		assertUptime(page.get("uptime").get(0), GETS.startsAt(), resolved);
	}

	@Test
	@Order(5)
	void theMonthsCreditCountsTheWindowToTheSecond() throws Exception {
		Instant startedAt = Instant.parse(endedWindow.get("startedAt").asString());
		Instant endedAt = Instant.parse(endedWindow.get("endedAt").asString());
		YearMonth month = YearMonth.from(endedAt.atZone(ZoneOffset.UTC));
		HandWorkedCredit expected = HandWorkedCredit.of(startedAt, endedAt, month, FEE, TIERS);
		// minutes down in a month: under 99.99, not under 99.9
		assertThat(expected.creditPercent()).isEqualTo("25");

		JsonNode report = until("the credit line counts the ended window",
				() -> accepted(get(query + "/api/sla/credits?month=" + month + "&customerId=" + CUSTOMER)),
				(r) -> r.get("lines").size() == 1 && !r.get("lines").get(0).get("provisional").asBoolean()
						&& r.get("lines").get(0).get("downtimeSeconds").asLong() == expected.downtimeSeconds());
		JsonNode line = report.get("lines").get(0);
		System.out.println("AlertmanagerEndToEndIT: window " + startedAt + " to " + endedAt + "; expected " + expected
				+ "; reported " + line);
		assertThat(fields(line, "customerId", "service", "measurement", "downtime", "uptimePercent", "creditPercent",
				"monthlyFee.amount", "creditAmount.amount", "creditAmount.currency"))
			.isEqualTo(String.join(" ", CUSTOMER, "object-storage", "AVAILABILITY", expected.downtime(),
					expected.uptimePercent(), expected.creditPercent(), FEE, expected.creditAmount(), "USD"));
		assertThat(line.get("windows")).hasSize(1);
		assertThat(fields(line.get("windows").get(0), "incidentId", "impactId", "region", "from", "to", "counted"))
			.isEqualTo(String.join(" ", incidentId, impactId, "us-east-1", expected.from().toString(),
					expected.to().toString(), expected.downtime()));
		assertThat(report.get("totals")).hasSize(1);
		assertThat(fields(report.get("totals").get(0), "currency", "creditAmount"))
			.isEqualTo("USD " + expected.creditAmount());
	}

	/**
	 * The window both critical alerts held: opened by monitoring, major, raised to the
	 * second alert's error rate, from the earlier {@code startsAt}; ended at
	 * {@code endedAt} ({@code null}: still open).
	 */
	private static void assertWindow(JsonNode window, Instant endedAt) {
		assertThat(fields(window, "service", "region", "level", "source", "startedAt", "endedAt"))
			.isEqualTo("object-storage us-east-1 MAJOR_OUTAGE MONITOR " + GETS.startsAt() + " " + endedAt);
		assertThat(new BigDecimal(window.get("errorRate").asString())).isEqualByComparingTo("0.4");
	}

	/**
	 * Each day the window touched is short by its part of it (api.md, the status page's
	 * uptime).
	 */
	private static void assertUptime(JsonNode uptime, Instant from, Instant to) {
		assertThat(fields(uptime, "service", "region")).isEqualTo("object-storage us-east-1");
		LocalDate first = LocalDate.parse(uptime.get("from").asString());
		HandWorkedUptime.daily(from, to)
			.forEach((day,
					expected) -> assertThat(
							uptime.get("daily").get((int) ChronoUnit.DAYS.between(first, day)).asString())
						.as(day.toString())
						.isEqualTo(expected));
	}

	/**
	 * Umbrella's contract: object-storage in us-east-1, availability, major outages are
	 * downtime, credit tiers from 99.999 down.
	 */
	private static String contract() {
		List<Map<String, String>> tiers = TIERS.stream()
			.map((tier) -> Map.of("below", tier.below(), "creditPercent", tier.creditPercent()))
			.toList();
		Map<String, Object> sla = Map.of("measurement", "AVAILABILITY", "downtimeLevels", List.of("MAJOR_OUTAGE"),
				"tiers", tiers);
		return Api.JSON.writeValueAsString(
				Map.of("customerName", "Umbrella Storage", "activeUsers", 5000, "effectiveFrom", "2020-01-01T00:00:00Z",
						"services", List.of(Map.of("service", "object-storage", "regions", List.of("us-east-1"),
								"monthlyFee", Map.of("amount", FEE, "currency", "USD"), "sla", sla))));
	}

	private JsonNode timeline() throws Exception {
		return accepted(get(query + "/api/incidents/" + incidentId + "/timeline"));
	}

	private static JsonNode statusPage() throws Exception {
		return accepted(call("GET", query + "/api/status", null, null));
	}

	private static String fingerprint(PrometheusAlert alert) {
		return fingerprints.get(alert.instance());
	}

	/**
	 * Reads until {@code done} holds; when it does not in time, fails with the last
	 * answer and the end of Alertmanager's log.
	 */
	private static JsonNode until(String what, Callable<JsonNode> read, Predicate<JsonNode> done) {
		return Reads.until(what, PATIENCE, read, done,
				() -> "Alertmanager's log " + alertmanager.log() + " ends:\n" + alertmanager.tail());
	}

}
