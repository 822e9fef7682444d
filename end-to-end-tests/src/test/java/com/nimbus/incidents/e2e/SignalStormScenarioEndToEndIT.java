package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.ScenarioReplay;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.call;
import static com.nimbus.incidents.e2e.Api.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario's incident (us-east-1, 7 December 2021) with an Alertmanager storm in the
 * middle of it: 2,000 signals from 40 alerts, in bodies of 100 sent by 4 clients.
 * <ul>
 * <li>20 critical alerts on compute-api in us-west-2, a component the incident does not
 * cover: the default route declares an incident for the first, the others join it; one
 * window, from the earliest start (16:10) to the latest end (17:40) once all
 * resolved.</li>
 * <li>20 critical alerts on compute-api in us-east-1, covered by the scenario's incident
 * with a window a person reported: they join that incident and are recorded, and move
 * nothing (a person's window is theirs).</li>
 * </ul>
 * Derived by hand for December 2021 (31 days, 2,678,400 s): Initech's compute-api in
 * us-west-2 (availability, major outage is downtime, fee 4,200.00 USD) is down 5,400 s:
 * uptime 100 × 2,673,000 / 2,678,400 = 99.79838...% (99.7984), under 99.99 and not under
 * 99.0: 10 %, 420.00 USD. Globex's compute-api in us-east-1 keeps the scenario's line:
 * the person's window at error rate 0.4 (at or above the downtime rate 0.25) from 15:30
 * to 00:28, 32,280 s: uptime 98.7948%, under 99.0: 30 %, 9,150.00 USD.
 */
class SignalStormScenarioEndToEndIT {

	private static final String MONITOR_SOURCE = "alertmanager-use1";

	private static Platform platform;

	private static String command;

	private static String query;

	private static String monitorToken;

	@BeforeAll
	static void startThePlatform() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer()
			.token("dana@nimbus.example", "RESPONDER", "VIEWER", "CUSTOMER_SUCCESS", "FINANCE", "ADMIN");
		monitorToken = platform.issuer().token(MONITOR_SOURCE, "MONITOR");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
	}

	@AfterAll
	static void stopThePlatform() {
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	void aStormDuringTheScenarioOpensTheWindowsTheStatusAndTheCreditsDerivedByHand() throws Exception {
		// the scenario up to its first end of impact; the storm; then the rest
		JsonNode scenario = ScenarioReplay.bundled();
		ArrayNode steps = (ArrayNode) scenario.get("incidents").get(0).get("steps");
		int firstEnd = 0;
		while (!steps.get(firstEnd).get("op").asString().equals("end-impact")) {
			firstEnd++;
		}
		ObjectNode head = (ObjectNode) scenario.deepCopy();
		ArrayNode headSteps = (ArrayNode) head.get("incidents").get(0).get("steps");
		while (headSteps.size() > firstEnd) {
			headSteps.remove(headSteps.size() - 1);
		}
		ScenarioReplay replay = new ScenarioReplay(command, Api.bearer);
		String congestion = replay.replay(head, true).incidents().get("congestion");

		List<ObjectNode> firing = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			firing
				.add(alert("west-" + i, "us-west-2", Instant.parse("2021-12-07T16:10:00Z").plusSeconds(15L * i), null));
			firing
				.add(alert("east-" + i, "us-east-1", Instant.parse("2021-12-07T15:40:00Z").plusSeconds(15L * i), null));
		}
		int[] counts = storm(firing, 50);
		assertThat(counts[0]).as("accepted").isEqualTo(40);
		assertThat(counts[1]).as("duplicates").isEqualTo(1_960);

		// one incident declared by monitoring for us-west-2, holding one window
		JsonNode west = awaitIncident("us-west-2");
		String declared = west.get("incidentId").asString();
		assertThat(declared).isNotEqualTo(congestion);
		// declared, one window, 20 alerts recorded: sequences 0..21; a later alert placed
		// in an earlier poll than the first one opens the window at its own start, and
		// the
		// earlier one then moves the start back (one ImpactCorrected each time)
		JsonNode summary = Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> accepted(get(query + "/api/incidents/" + declared)),
					(incident) -> incident.get("version").asLong() >= 21 && incident.get("openImpacts").size() == 1
							&& "2021-12-07T16:10:00Z"
								.equals(incident.get("openImpacts").get(0).get("startedAt").asString()));
		java.util.Map<String, Long> types = new java.util.TreeMap<>();
		for (JsonNode event : accepted(get(query + "/api/incidents/" + declared + "/events")).get("events")) {
			types.merge(event.get("type").asString(), 1L, Long::sum);
		}
		long corrections = types.getOrDefault("ImpactCorrected", 0L);
		assertThat(types).containsEntry("IncidentDeclared", 1L)
			.containsEntry("ImpactReported", 1L)
			.containsEntry("SignalReceived", 20L);
		assertThat(types.keySet()).isSubsetOf("IncidentDeclared", "ImpactReported", "SignalReceived",
				"ImpactCorrected");
		assertThat(summary.get("version").asLong()).isEqualTo(21 + corrections);
		assertThat(summary.get("detectionSource").asString()).isEqualTo("MONITORING");
		assertThat(summary.get("severity").asString()).isEqualTo("SEV2");
		JsonNode window = single(summary.get("openImpacts"));
		assertThat(window.get("service").asString()).isEqualTo("compute-api");
		assertThat(window.get("region").asString()).isEqualTo("us-west-2");
		assertThat(window.get("level").asString()).isEqualTo("MAJOR_OUTAGE");
		assertThat(window.get("source").asString()).isEqualTo("MONITOR");
		assertThat(window.get("startedAt").asString()).isEqualTo("2021-12-07T16:10:00Z");
		assertThat(window.get("endedAt").isNull() || window.get("endedAt").isMissingNode()).isTrue();

		// the scenario's incident took the us-east-1 alerts in as records only
		JsonNode timeline = Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> accepted(get(query + "/api/incidents/" + congestion + "/timeline")),
					(entries) -> signalEntries(entries) == 20);
		assertThat(signalEntries(timeline)).isEqualTo(20);
		JsonNode congestionSummary = accepted(get(query + "/api/incidents/" + congestion));
		assertThat(congestionSummary.get("openImpacts")).hasSize(3);
		for (JsonNode impact : congestionSummary.get("openImpacts")) {
			assertThat(impact.get("source").asString()).isEqualTo("RESPONDER");
		}

		// the public status page shows the new outage
		JsonNode page = Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> accepted(Api.call("GET", query + "/api/status", null, null)),
					(status) -> "MAJOR_OUTAGE".equals(component(status, "compute-api", "us-west-2")));
		assertThat(component(page, "compute-api", "us-west-2")).isEqualTo("MAJOR_OUTAGE");

		// every alert resolves; the last us-west-2 one at 17:40
		List<ObjectNode> resolved = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			resolved.add(alert("west-" + i, "us-west-2", Instant.parse("2021-12-07T16:10:00Z").plusSeconds(15L * i),
					Instant.parse("2021-12-07T17:21:00Z").plusSeconds(60L * i)));
			resolved.add(alert("east-" + i, "us-east-1", Instant.parse("2021-12-07T15:40:00Z").plusSeconds(15L * i),
					Instant.parse("2021-12-08T00:20:00Z")));
		}
		int[] resolutions = storm(resolved, 5);
		assertThat(resolutions[0]).isEqualTo(40);
		assertThat(resolutions[1]).isEqualTo(160);
		JsonNode ended = Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> accepted(get(query + "/api/incidents/" + declared)).get("closedImpacts"),
					(closed) -> closed.size() == 1)
			.get(0);
		assertThat(ended.get("endedAt").asString()).isEqualTo("2021-12-07T17:40:00Z");

		// the rest of the scenario: the person's windows end, the incident resolves
		List<JsonNode> tail = new ArrayList<>();
		for (int i = firstEnd; i < steps.size(); i++) {
			tail.add(steps.get(i));
		}
		long last = replay.replaySteps(congestion, tail);
		Api.awaitVersion(query + "/api/incidents/" + congestion, last);

		JsonNode report = Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> accepted(get(query + "/api/sla/credits?month=2021-12&customerId=initech")),
					(lines) -> lines.get("lines").size() == 1
							&& lines.get("lines").get(0).get("downtimeSeconds").asLong() == 5_400);
		JsonNode initech = report.get("lines").get(0);
		assertThat(initech.get("service").asString()).isEqualTo("compute-api");
		assertThat(initech.get("uptimePercent").asString()).isEqualTo("99.7984");
		assertThat(initech.get("creditPercent").asString()).isEqualTo("10");
		assertThat(initech.get("creditAmount").get("amount").asString()).isEqualTo("420.00");
		assertThat(initech.get("creditAmount").get("currency").asString()).isEqualTo("USD");

		JsonNode globex = null;
		for (JsonNode line : accepted(get(query + "/api/sla/credits?month=2021-12&customerId=globex")).get("lines")) {
			if (line.get("service").asString().equals("compute-api")) {
				globex = line;
			}
		}
		assertThat(globex).isNotNull();
		assertThat(globex.get("downtimeSeconds").asLong()).isEqualTo(32_280);
		assertThat(globex.get("uptimePercent").asString()).isEqualTo("98.7948");
		assertThat(globex.get("creditPercent").asString()).isEqualTo("30");
		assertThat(globex.get("creditAmount").get("amount").asString()).isEqualTo("9150.00");
	}

	/** An Alertmanager alert on compute-api, critical; resolved when {@code endsAt}. */
	private static ObjectNode alert(String fingerprint, String region, Instant startsAt, Instant endsAt) {
		ObjectNode alert = Api.JSON.createObjectNode();
		alert.put("status", (endsAt != null) ? "resolved" : "firing");
		alert.putObject("labels")
			.put("alertname", "ComputeApiErrors")
			.put("service", "compute-api")
			.put("region", region)
			.put("severity", "critical")
			.put("instance", fingerprint);
		alert.putObject("annotations").put("summary", "compute-api errors in " + region);
		alert.put("startsAt", startsAt.toString());
		alert.put("endsAt", (endsAt != null) ? endsAt.toString() : "0001-01-01T00:00:00Z");
		alert.put("generatorURL", "http://prometheus.internal:9090/graph");
		alert.put("fingerprint", fingerprint);
		return alert;
	}

	/**
	 * Sends every alert {@code repeats} times, shuffled, in Alertmanager bodies of 100
	 * from 4 clients.
	 * @return accepted and duplicates, summed over the answers
	 */
	private static int[] storm(List<ObjectNode> alerts, int repeats) throws Exception {
		List<ObjectNode> signals = new ArrayList<>();
		for (int r = 0; r < repeats; r++) {
			signals.addAll(alerts);
		}
		// the first copy of each alert first, so that a repeat is never sent before it
		List<ObjectNode> rest = new ArrayList<>(signals.subList(alerts.size(), signals.size()));
		Collections.shuffle(rest, new Random(7));
		List<List<ObjectNode>> bodies = new ArrayList<>();
		List<ObjectNode> ordered = new ArrayList<>(alerts);
		ordered.addAll(rest);
		for (int i = 0; i < ordered.size(); i += 100) {
			bodies.add(ordered.subList(i, Math.min(ordered.size(), i + 100)));
		}
		AtomicInteger accepted = new AtomicInteger();
		AtomicInteger duplicates = new AtomicInteger();
		// the first body alone, then the others from 4 clients
		send(bodies.get(0), accepted, duplicates);
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (List<ObjectNode> body : bodies.subList(1, bodies.size())) {
				sent.add(clients.submit(() -> {
					send(body, accepted, duplicates);
					return null;
				}));
			}
			for (Future<?> future : sent) {
				future.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		return new int[] { accepted.get(), duplicates.get() };
	}

	private static void send(List<ObjectNode> alerts, AtomicInteger accepted, AtomicInteger duplicates)
			throws Exception {
		ObjectNode body = Api.JSON.createObjectNode();
		body.put("receiver", "nimbus").put("status", alerts.get(0).get("status").asString()).put("version", "4");
		body.put("groupKey", "{}:{alertname=\"ComputeApiErrors\"}").put("truncatedAlerts", 0);
		body.putObject("groupLabels").put("alertname", "ComputeApiErrors");
		body.putObject("commonLabels").put("alertname", "ComputeApiErrors");
		body.putObject("commonAnnotations");
		body.put("externalURL", "http://alertmanager.internal:9093");
		ArrayNode list = body.putArray("alerts");
		alerts.forEach(list::add);
		Api.Response response = call("POST", command + "/api/signals/alertmanager", body.toString(), monitorToken);
		assertThat(response.status()).as(response.text()).isEqualTo(202);
		accepted.addAndGet(response.body().get("accepted").asInt());
		duplicates.addAndGet(response.body().get("duplicates").asInt());
	}

	private static JsonNode awaitIncident(String region) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> accepted(get(query + "/api/incidents?service=compute-api&region=" + region)).get("items"),
					(items) -> items.size() == 1)
			.get(0);
	}

	private static int signalEntries(JsonNode timeline) {
		int entries = 0;
		for (JsonNode entry : timeline.get("entries")) {
			if (entry.get("type").asString().equals("SignalReceived")) {
				entries++;
			}
		}
		return entries;
	}

	private static String component(JsonNode page, String service, String region) {
		for (JsonNode component : page.get("services")) {
			if (component.get("service").asString().equals(service)
					&& component.get("region").asString().equals(region)) {
				return component.get("status").asString();
			}
		}
		return null;
	}

	private static JsonNode single(JsonNode array) {
		assertThat(array).hasSize(1);
		return array.get(0);
	}

}
