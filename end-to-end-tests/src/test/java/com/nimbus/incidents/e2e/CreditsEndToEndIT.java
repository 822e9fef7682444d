package com.nimbus.incidents.e2e;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.ScenarioReplay;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.get;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customer success and finance on a fresh stack: the scenario's contracts and incident
 * replayed through the API, then its impact estimate and its December 2021 credit report
 * checked against figures worked out by hand (see {@code CreditRulesTest} and
 * {@code ImpactEstimatesTest} for the arithmetic).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CreditsEndToEndIT {

	private static Platform platform;

	private static String command;

	private static String query;

	private static String incident;

	private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(60);

	@BeforeAll
	static void replayTheScenario() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer()
			.token("dana@nimbus.example", "RESPONDER", "VIEWER", "CUSTOMER_SUCCESS", "FINANCE", "ADMIN");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		ScenarioReplay.Result result = new ScenarioReplay(command, Api.bearer).replay(ScenarioReplay.bundled(), true);
		assertThat(result.contracts()).containsOnlyKeys("acme", "globex", "initech");
		incident = result.incidents().get("congestion");
		awaitVersion(query + "/api/incidents/" + incident, 18);
		Awaitility.await().atMost(PATIENCE).until(() -> lines(report("")).size() == 4);
	}

	@AfterAll
	static void stop() {
		if (platform != null) {
			platform.close();
		}
	}

	private static JsonNode report(String query) throws Exception {
		return accepted(get(CreditsEndToEndIT.query + "/api/sla/credits?month=2021-12" + query));
	}

	private static List<JsonNode> lines(JsonNode report) {
		List<JsonNode> lines = new ArrayList<>();
		report.get("lines").forEach(lines::add);
		return lines;
	}

	@Test
	@Order(1)
	void theImpactEstimateOfTheScenario() throws Exception {
		JsonNode impact = accepted(get(query + "/api/incidents/" + incident + "/impact"));
		assertThat(impact.get("version").asLong()).isEqualTo(18);
		assertThat(impact.get("windows")).hasSize(3);
		JsonNode customers = impact.get("affectedCustomers");
		assertThat(customers).hasSize(2);
		assertThat(customers.get(0).get("customerId").asString()).isEqualTo("acme");
		assertThat(customers.get(0).get("customerName").asString()).isEqualTo("Acme Retail");
		assertThat(customers.get(0).get("activeUsers").asLong()).isEqualTo(120000);
		assertThat(customers.get(0).get("estimatedAffectedUsers").get("low").asLong()).isEqualTo(36000);
		assertThat(customers.get(0).get("estimatedAffectedUsers").get("high").asLong()).isEqualTo(120000);
		assertThat(customers.get(0).get("exposure").asString()).isEqualTo("PT6H2M");
		assertThat(customers.get(1).get("customerId").asString()).isEqualTo("globex");
		assertThat(customers.get(1).get("estimatedAffectedUsers").get("low").asLong()).isEqualTo(18000);
		assertThat(customers.get(1).get("estimatedAffectedUsers").get("high").asLong()).isEqualTo(45000);
		assertThat(customers.get(1).get("exposure").asString()).isEqualTo("PT8H58M");
		assertThat(impact.get("estimatedAffectedUsers").get("low").asLong()).isEqualTo(54000);
		assertThat(impact.get("estimatedAffectedUsers").get("high").asLong()).isEqualTo(165000);
		assertThat(impact.get("estimatedAffectedUsers").get("method").asString()).isEqualTo("FOOTPRINT");
		assertThat(impact.get("reportedAffectedUsers").get("low").asLong()).isEqualTo(20000);
		assertThat(impact.get("reportedAffectedUsers").get("high").asLong()).isEqualTo(40000);

		JsonNode acme = accepted(get(query + "/api/customers/acme/incidents"));
		assertThat(acme.get("incidents")).hasSize(1);
		assertThat(acme.get("incidents").get(0).get("windows").get(0).get("impactId").asString())
			.isEqualTo("storage-use1");
		assertThat(accepted(get(query + "/api/customers/initech/incidents")).get("incidents")).isEmpty();
		assertThat(accepted(get(query + "/api/customers/acme/incidents?from=2021-12-08T00:00:00Z")).get("incidents"))
			.isEmpty();
		assertThat(get(query + "/api/customers/nobody/incidents").status()).isEqualTo(404);
	}

	@Test
	@Order(2)
	void theCreditReportForDecember2021AndWhatACorrectionChanges() throws Exception {
		String knownBeforeCorrection = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
		JsonNode report = report("&asOf=2022-01-03T00:00:00Z");
		assertThat(report.get("month").asString()).isEqualTo("2021-12");
		assertThat(report.get("asOf").asString()).isEqualTo("2022-01-03T00:00:00Z");
		List<JsonNode> lines = lines(report);
		assertThat(lines)
			.extracting((line) -> line.get("customerId").asString() + "/" + line.get("service").asString() + " "
					+ line.get("uptimePercent").asString() + " " + line.get("creditPercent").asString() + " "
					+ line.get("creditAmount").get("amount").asString() + " "
					+ line.get("creditAmount").get("currency").asString() + " " + line.get("downtimeSeconds").asLong()
					+ " " + line.get("downtime").asString())
			.containsExactly("acme/object-storage 99.7567 10 1200.00 USD 21720 PT6H2M",
					"globex/compute-api 98.7948 30 9150.00 USD 32280 PT8H58M",
					"globex/object-storage 100.0000 0 0.00 EUR 0 PT0S",
					"initech/compute-api 100.0000 0 0.00 USD 0 PT0S");
		assertThat(lines.get(0).get("provisional").asBoolean()).isFalse();
		assertThat(lines.get(0).get("monthlyFee").get("amount").asString()).isEqualTo("12000.00");
		JsonNode counted = lines.get(1).get("windows").get(0);
		assertThat(counted.get("incidentId").asString()).isEqualTo(incident);
		assertThat(counted.get("impactId").asString()).isEqualTo("compute-use1");
		assertThat(counted.get("from").asString()).isEqualTo("2021-12-07T15:30:00Z");
		assertThat(counted.get("to").asString()).isEqualTo("2021-12-08T00:28:00Z");
		assertThat(counted.get("counted").asString()).isEqualTo("PT8H58M");
		assertThat(report.get("totals").get(0).get("currency").asString()).isEqualTo("EUR");
		assertThat(report.get("totals").get(0).get("creditAmount").asString()).isEqualTo("0.00");
		assertThat(report.get("totals").get(1).get("currency").asString()).isEqualTo("USD");
		assertThat(report.get("totals").get(1).get("creditAmount").asString()).isEqualTo("10350.00");

		Api.Response csv = Api
			.getCsv(query + "/api/sla/credits?month=2021-12&customerId=globex&asOf=2022-01-03T00:00:00Z");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.text().lines().toList()).hasSize(3);
		assertThat(csv.text().lines().findFirst().orElseThrow()).startsWith(
				"month,customerId,customerName,service,measurement,downtimeSeconds,downtime,uptimePercent,creditPercent,monthlyFee,currency,creditAmount,provisional");
		assertThat(csv.text()).contains(
				"2021-12,globex,Globex Logistics,compute-api,AVAILABILITY,32280,PT8H58M,98.7948,30,30500.00,USD,9150.00,false");

		// A late correction: the storage window ran to 04:00 at a full error rate. 15:32
		// to
		// 04:00 is 44,880 s lost of 2,678,400: 98.3244, under 99.0: 25% of 12,000.00.
		long version = accepted(post(command + "/api/incidents/" + incident + "/impacts/storage-use1/corrections",
				"""
						{"errorRate":1.0,"endedAt":"2021-12-08T04:00:00Z","reason":"Storage logs show failures until 04:00."}"""))
			.get("version")
			.asLong();
		awaitVersion(query + "/api/incidents/" + incident, version);
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> lines(report("&customerId=acme")).get(0).get("uptimePercent").asString().equals("98.3244"));
		JsonNode corrected = lines(report("&customerId=acme")).get(0);
		assertThat(corrected.get("creditPercent").asString()).isEqualTo("25");
		assertThat(corrected.get("creditAmount").get("amount").asString()).isEqualTo("3000.00");

		JsonNode asSent = lines(report("&customerId=acme&knownAt=" + knownBeforeCorrection)).get(0);
		assertThat(asSent.get("uptimePercent").asString()).isEqualTo("99.7567");
		assertThat(asSent.get("creditAmount").get("amount").asString()).isEqualTo("1200.00");
	}

	@Test
	@Order(3)
	void anOpenWindowRunsToAsOfAndMakesTheLineProvisional() throws Exception {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
		Instant start = now.minus(java.time.Duration.ofMinutes(90));
		if (start.isBefore(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))) {
			start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		String id = accepted(post(command + "/api/incidents",
				"""
						{"title":"us-west-2 storage","severity":"SEV2","detectionSource":"MONITORING","services":["object-storage"],"regions":["us-west-2"]}"""))
			.get("incidentId")
			.asString();
		long version = accepted(post(command + "/api/incidents/" + id + "/impacts",
				"{\"service\":\"object-storage\",\"region\":\"us-west-2\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\""
						+ start + "\"}"))
			.get("version")
			.asLong();
		awaitVersion(query + "/api/incidents/" + id, version);
		Instant asOf = start.plus(java.time.Duration.ofMinutes(30));
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> lines(
					accepted(get(query + "/api/sla/credits?month=" + month + "&customerId=acme&asOf=" + asOf)))
				.get(0)
				.get("provisional")
				.asBoolean());
		JsonNode line = lines(
				accepted(get(query + "/api/sla/credits?month=" + month + "&customerId=acme&asOf=" + asOf)))
			.get(0);
		assertThat(line.get("downtimeSeconds").asLong()).isEqualTo(1800);
		assertThat(line.get("windows").get(0).get("to").asString()).isEqualTo(asOf.toString());
	}

	@Test
	@Order(4)
	void badReportQueriesAre400() throws Exception {
		for (String bad : List.of("", "?month=2021-13", "?month=Dec", "?month=2021-12&asOf=soon",
				"?month=2021-12&knownAt=2021-12-32T00:00:00Z")) {
			Api.Response response = get(query + "/api/sla/credits" + bad);
			assertThat(response.status()).as(bad).isEqualTo(400);
			assertThat(response.body().get("errors").get(0).get("field").asString()).isNotBlank();
		}
	}

	@Test
	@Order(5)
	void aRebuildFromBothLogsGivesTheSameReportsAndEstimates() throws Exception {
		String knownAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
		List<String> urls = List.of("/api/sla/credits?month=2021-12&asOf=2022-01-03T00:00:00Z&knownAt=" + knownAt,
				"/api/incidents/" + incident + "/impact", "/api/customers/acme/incidents?to=2022-01-01T00:00:00Z",
				"/api/customers/globex/incidents?from=2021-12-01T00:00:00Z&to=2022-01-01T00:00:00Z");
		List<String> before = new ArrayList<>();
		for (String url : urls) {
			before.add(accepted(get(query + url)).toString().replaceAll("\"generatedAt\":\"[^\"]*\"", ""));
		}
		long version = accepted(get(query + "/api/incidents/" + incident)).get("version").asLong();
		String projector = platform.baseUrl(Component.PROJECTOR);

		assertThat(post(projector + "/admin/rebuild", "").status()).isEqualTo(202);
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> !accepted(get(projector + "/admin/projection")).get("rebuildCompletedAt").isNull());
		awaitVersion(query + "/api/incidents/" + incident, version);
		Awaitility.await().atMost(PATIENCE).until(() -> lines(report("")).size() == 4);

		for (int i = 0; i < urls.size(); i++) {
			assertThat(accepted(get(query + urls.get(i))).toString()).as(urls.get(i)).isEqualTo(before.get(i));
		}
	}

}
