package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
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
 * The whole event path, as {@code ./platform up} runs it: a Kafka broker, the store and
 * the three services, each its own JVM, driven through their HTTP APIs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

	private static Platform platform;

	private static String command;

	private static String query;

	private static String projector;

	private static String incidentId;

	@BeforeAll
	static void startThePlatform() throws Exception {
		platform = LocalPlatform.start(List.of("--logging.level.com.nimbus.incidents.command.relay=DEBUG"));
		Api.bearer = platform.issuer()
			.token("dana@nimbus.example", "RESPONDER", "VIEWER", "CUSTOMER_SUCCESS", "FINANCE", "ADMIN");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		projector = platform.baseUrl(Component.PROJECTOR);
	}

	@AfterAll
	static void stopThePlatform() {
		if (platform != null) {
			platform.close();
		}
	}

	private static long step(String path, String json) throws Exception {
		return accepted(post(command + "/api/incidents/" + incidentId + path, json)).get("version").asLong();
	}

	/**
	 * The scenario incident of us-east-1, 2021-12-07, with the operations of this API:
	 * the scaling action is recorded late, dated 15:30.
	 */
	@Test
	@Order(1)
	void aResponderRecordsAnIncidentAndAnyoneReadsItBack() throws Exception {
		JsonNode declared = accepted(post(command + "/api/incidents", """
				{"title":"us-east-1: elevated API and console errors","severity":"SEV2",
				 "summary":"Customers report console and API errors in us-east-1.","detectionSource":"CUSTOMER_REPORT",
				 "detectedAt":"2021-12-07T15:41:00Z","declaredAt":"2021-12-07T15:48:00Z",
				 "services":["console","compute-api","object-storage"],"regions":["us-east-1"]}"""));
		incidentId = declared.get("incidentId").asString();
		assertThat(incidentId).matches("INC-[0-9A-Z]{10}");
		// IncidentDeclared 0, and the declarer as commander 1 (ADR 0023)
		assertThat(declared.get("version").asLong()).isEqualTo(1);

		step("/impacts", """
				{"impactId":"console-use1","service":"console","region":"us-east-1","level":"MAJOR_OUTAGE",
				 "startedAt":"2021-12-07T15:45:00Z"}""");
		step("/impacts",
				"""
						{"impactId":"compute-use1","service":"compute-api","region":"us-east-1","level":"PARTIAL_OUTAGE",
						 "errorRate":0.4,"startedAt":"2021-12-07T15:30:00Z","estimatedAffectedUsers":{"low":20000,"high":40000}}""");
		step("/impacts", """
				{"impactId":"storage-use1","service":"object-storage","region":"us-east-1","level":"PARTIAL_OUTAGE",
				 "errorRate":0.3,"startedAt":"2021-12-07T15:32:00Z"}""");
		step("/status-updates",
				"""
						{"status":"INVESTIGATING","message":"We are investigating increased error rates for the management console.",
						 "public":true,"occurredAt":"2021-12-07T16:22:00Z"}""");
		step("/status-updates",
				"""
						{"status":"IDENTIFIED","message":"We are experiencing API and console issues in us-east-1 and have identified the root cause.",
						 "public":true,"occurredAt":"2021-12-07T16:26:00Z"}""");
		step("/actions",
				"""
						{"kind":"INVESTIGATION","description":"Internal network devices between the internal and main networks are congested.",
						 "occurredAt":"2021-12-07T16:40:00Z"}""");
		step("/actions",
				"""
						{"kind":"MITIGATION","description":"Moved internal DNS traffic off the congested paths.","occurredAt":"2021-12-07T17:28:00Z"}""");
		step("/actions",
				"""
						{"kind":"OTHER","description":"Automated capacity scaling started the connection surge (recorded after the fact).",
						 "occurredAt":"2021-12-07T15:30:00Z"}""");
		step("/status-updates", """
				{"status":"MONITORING","message":"Network congestion has significantly improved.","public":true,
				 "occurredAt":"2021-12-07T21:34:00Z"}""");
		step("/impacts/storage-use1/end", "{\"endedAt\":\"2021-12-07T21:34:00Z\"}");
		step("/impacts/console-use1/end", "{\"endedAt\":\"2021-12-07T22:22:00Z\"}");
		step("/impacts/compute-use1/end", "{\"endedAt\":\"2021-12-08T00:28:00Z\"}");
		long last = step("/resolve",
				"{\"summary\":\"All services operating normally.\",\"occurredAt\":\"2021-12-08T00:44:00Z\"}");
		assertThat(last).isEqualTo(14);

		JsonNode summary = awaitVersion(query + "/api/incidents/" + incidentId, last);
		assertThat(summary.get("status").asString()).isEqualTo("RESOLVED");
		assertThat(summary.get("severity").asString()).isEqualTo("SEV2");
		assertThat(summary.get("declaredAt").asString()).isEqualTo("2021-12-07T15:48:00Z");
		assertThat(summary.get("resolvedAt").asString()).isEqualTo("2021-12-08T00:44:00Z");
		assertThat(summary.get("openImpacts")).isEmpty();
		assertThat(summary.get("closedImpacts")).hasSize(3);

		JsonNode timeline = awaitVersion(query + "/api/incidents/" + incidentId + "/timeline", last);
		List<String> order = new ArrayList<>();
		timeline.get("entries")
			.forEach((entry) -> order.add(entry.get("occurredAt").asString() + " #" + entry.get("sequence").asLong()));
		assertThat(order).containsExactly("2021-12-07T15:30:00Z #3", "2021-12-07T15:30:00Z #9",
				"2021-12-07T15:32:00Z #4", "2021-12-07T15:45:00Z #2", "2021-12-07T15:48:00Z #0",
				"2021-12-07T15:48:00Z #1", "2021-12-07T16:22:00Z #5", "2021-12-07T16:26:00Z #6",
				"2021-12-07T16:40:00Z #7", "2021-12-07T17:28:00Z #8", "2021-12-07T21:34:00Z #10",
				"2021-12-07T21:34:00Z #11", "2021-12-07T22:22:00Z #12", "2021-12-08T00:28:00Z #13",
				"2021-12-08T00:44:00Z #14");
		JsonNode late = timeline.get("entries").get(1);
		assertThat(late.get("type").asString()).isEqualTo("ActionRecorded");
		assertThat(late.get("actor").asString()).isEqualTo("dana@nimbus.example");
		assertThat(late.get("recordedAt").asString()).isGreaterThan("2026");
		// First impact 15:30, detected 15:41, declared 15:48, first public update 16:22,
		// first mitigation 17:28, resolved 00:44 the next day.
		assertThat(timeline.get("metrics").get("timeToDetect").asString()).isEqualTo("PT11M");
		assertThat(timeline.get("metrics").get("timeToDeclare").asString()).isEqualTo("PT7M");
		assertThat(timeline.get("metrics").get("timeToAcknowledge").asString()).isEqualTo("PT52M");
		assertThat(timeline.get("metrics").get("timeToMitigate").asString()).isEqualTo("PT1H58M");
		assertThat(timeline.get("metrics").get("timeToResolve").asString()).isEqualTo("PT9H14M");

		JsonNode log = awaitVersion(query + "/api/incidents/" + incidentId + "/events", last);
		JsonNode events = log.get("events");
		assertThat(events).hasSize(15);
		assertThat(events.get(1).get("type").asString()).isEqualTo("ResponderAssigned");
		assertThat(events.get(1).get("payload").get("person").asString()).isEqualTo("dana@nimbus.example");
		assertThat(events.get(1).get("payload").get("role").asString()).isEqualTo("COMMANDER");
		assertThat(events.get(1).get("occurredAt").asString()).isEqualTo("2021-12-07T15:48:00Z");
		for (int i = 0; i < events.size(); i++) {
			JsonNode envelope = events.get(i);
			assertThat(envelope.propertyNames()).containsExactly("eventId", "incidentId", "sequence", "type",
					"schemaVersion", "occurredAt", "recordedAt", "actor", "payload");
			assertThat(envelope.get("sequence").asLong()).isEqualTo(i);
			assertThat(envelope.get("incidentId").asString()).isEqualTo(incidentId);
			// each event in its current schema version (ActionRecorded is at 2)
			assertThat(envelope.get("schemaVersion").asInt())
				.isEqualTo(com.nimbus.incidents.events.EventTypes.named(envelope.get("type").asString())
					.orElseThrow()
					.schemaVersion());
		}
		assertThat(events.get(9).get("type").asString()).isEqualTo("ActionRecorded");
		assertThat(events.get(9).get("schemaVersion").asInt()).isEqualTo(2);
		assertThat(events.get(3).get("type").asString()).isEqualTo("ImpactReported");
		assertThat(events.get(3).get("occurredAt").asString()).isEqualTo("2021-12-07T15:30:00Z");
		assertThat(events.get(3).get("payload").get("errorRate").decimalValue()).isEqualByComparingTo("0.4");
		assertThat(events.get(3).get("payload").get("estimatedAffectedUsers").get("high").asLong()).isEqualTo(40000);
		assertThat(events.get(12).get("type").asString()).isEqualTo("ImpactEnded");
		assertThat(events.get(12).get("occurredAt").asString()).isEqualTo("2021-12-07T22:22:00Z");

		JsonNode atFive = accepted(get(query + "/api/incidents/" + incidentId + "/state?asOf=2021-12-07T17:00:00Z"));
		assertThat(atFive.get("status").asString()).isEqualTo("OPEN");
		assertThat(atFive.get("impacts")).hasSize(3)
			.allSatisfy((impact) -> assertThat(impact.get("open").asBoolean()).isTrue());
		assertThat(atFive.get("actions")).extracting((action) -> action.get("kind").asString())
			.containsExactly("OTHER", "INVESTIGATION");
		String knownBeforeTheLateAction = events.get(8).get("recordedAt").asString();
		JsonNode asKnown = accepted(get(query + "/api/incidents/" + incidentId
				+ "/state?asOf=2021-12-07T17:00:00Z&knownAt=" + knownBeforeTheLateAction));
		assertThat(asKnown.get("version").asLong()).isEqualTo(8);
		assertThat(asKnown.get("actions")).extracting((action) -> action.get("kind").asString())
			.containsExactly("INVESTIGATION");

		JsonNode list = accepted(get(query + "/api/incidents?status=RESOLVED&service=compute-api"));
		assertThat(list.get("items")).extracting((item) -> item.get("incidentId").asString()).contains(incidentId);
		assertThat(get(query + "/api/incidents/INC-0000000000").status()).isEqualTo(404);
		assertThat(get(query + "/api/incidents/INC-0000000000").body().get("type").asString())
			.endsWith("/incident-not-found");
	}

	@Test
	@Order(2)
	void badInputIsRefusedWithAProblemDetailAndAppendsNothing() throws Exception {
		long before = accepted(get(query + "/api/incidents/" + incidentId)).get("version").asLong();
		Api.Response unknownImpact = post(command + "/api/incidents/" + incidentId + "/impacts/none/end",
				"{\"endedAt\":\"2021-12-08T00:00:00Z\"}");
		assertThat(unknownImpact.status()).isEqualTo(409);
		Api.Response resolvedTwice = post(command + "/api/incidents/" + incidentId + "/resolve",
				"{\"summary\":\"again\"}");
		assertThat(resolvedTwice.status()).isEqualTo(409);
		assertThat(resolvedTwice.body().get("detail").asString()).contains("already resolved");
		Api.Response badEnum = post(command + "/api/incidents/" + incidentId + "/actions",
				"{\"kind\":\"PANIC\",\"description\":\"x\"}");
		assertThat(badEnum.status()).isEqualTo(400);
		assertThat(badEnum.body().get("errors").get(0).get("field").asString()).isEqualTo("kind");
		Api.Response unknownIncident = post(command + "/api/incidents/INC-0000000000/actions",
				"{\"kind\":\"FIX\",\"description\":\"x\"}");
		assertThat(unknownIncident.status()).isEqualTo(404);

		long marker = step("/actions", "{\"kind\":\"FIX\",\"description\":\"marker\"}");
		assertThat(marker).isEqualTo(before + 1);
		JsonNode log = awaitVersion(query + "/api/incidents/" + incidentId + "/events", marker);
		assertThat(log.get("events")).hasSize((int) marker + 1);
	}

	@Test
	@Order(3)
	void aRebuildFromTheLogGivesTheSameReadModels() throws Exception {
		List<String> urls = List.of("/api/incidents/" + incidentId, "/api/incidents/" + incidentId + "/timeline",
				"/api/incidents/" + incidentId + "/events",
				"/api/incidents/" + incidentId + "/state?asOf=2021-12-07T20:00:00Z", "/api/incidents?size=200");
		List<String> before = new ArrayList<>();
		for (String url : urls) {
			before.add(accepted(get(query + url)).toString());
		}
		long version = accepted(get(query + "/api/incidents/" + incidentId)).get("version").asLong();

		assertThat(post(projector + "/admin/rebuild", "").status()).isEqualTo(202);
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> !accepted(get(projector + "/admin/projection")).get("rebuildCompletedAt").isNull());
		awaitVersion(query + "/api/incidents/" + incidentId, version);

		for (int i = 0; i < urls.size(); i++) {
			assertThat(accepted(get(query + urls.get(i))).toString()).as(urls.get(i)).isEqualTo(before.get(i));
		}
	}

	/**
	 * The scenario of {@code us-east-1-2021-12-07.json}, replayed through the API as
	 * responders recorded it. Figures worked out by hand from the steps:
	 * <ul>
	 * <li>sequences: 0 declare 15:48, 1 its commander (the scenario's 15:49 assignment,
	 * named in the declaration: dated 15:48), 2 responder 15:52, 3 console impact 15:45,
	 * 4 compute-api impact 15:30, 5 object-storage impact 15:32, 6 severity 16:05, 7-8
	 * public updates 16:22 and 16:26, 9-10 actions 16:40 and 17:28, 11 the console
	 * correction (no occurredAt: dated when recorded), 12 the scaling action dated 15:30,
	 * 13 public update 21:34, 14-16 impact ends 21:34, 22:22 and 00:28, 17 resolution
	 * 00:44, 18 postmortem (dated when recorded);</li>
	 * <li>the first impact starts at 15:30 (compute-api, and the console after its
	 * correction): time to detect 15:30 to 15:41 = 11 min; to declare 15:41 to 15:48 = 7
	 * min; to acknowledge 15:30 to 16:22 = 52 min; to mitigate 15:30 to 17:28 = 1 h 58
	 * min; to resolve 15:30 to 00:44 = 9 h 14 min.</li>
	 * </ul>
	 */
	@Test
	@Order(4)
	void theScenarioReplaysToTheFiguresWorkedOutByHand() throws Exception {
		com.nimbus.incidents.localstack.ScenarioReplay.Result result = new com.nimbus.incidents.localstack.ScenarioReplay(
				command, Api.bearer)
			.replay(com.nimbus.incidents.localstack.ScenarioReplay.bundled(), false);
		String id = result.incidents().get("congestion");
		assertThat(result.versions().get(id)).isEqualTo(18);

		JsonNode timeline = awaitVersion(query + "/api/incidents/" + id + "/timeline", 18);
		List<Long> order = new ArrayList<>();
		timeline.get("entries").forEach((entry) -> order.add(entry.get("sequence").asLong()));
		assertThat(order).containsExactly(4L, 12L, 5L, 3L, 0L, 1L, 2L, 6L, 7L, 8L, 9L, 10L, 13L, 14L, 15L, 16L, 17L,
				11L, 18L);
		JsonNode metrics = timeline.get("metrics");
		assertThat(metrics.get("timeToDetect").asString()).isEqualTo("PT11M");
		assertThat(metrics.get("timeToDeclare").asString()).isEqualTo("PT7M");
		assertThat(metrics.get("timeToAcknowledge").asString()).isEqualTo("PT52M");
		assertThat(metrics.get("timeToMitigate").asString()).isEqualTo("PT1H58M");
		assertThat(metrics.get("timeToResolve").asString()).isEqualTo("PT9H14M");
		JsonNode lateAction = timeline.get("entries").get(1);
		assertThat(lateAction.get("occurredAt").asString()).isEqualTo("2021-12-07T15:30:00Z");
		assertThat(lateAction.get("late").asBoolean()).isTrue();
		assertThat(lateAction.get("correction").asBoolean()).isFalse();
		JsonNode correction = timeline.get("entries").get(17);
		assertThat(correction.get("type").asString()).isEqualTo("ImpactCorrected");
		assertThat(correction.get("correction").asBoolean()).isTrue();
		assertThat(correction.get("late").asBoolean()).isFalse();
		assertThat(timeline.get("entries").get(7).get("correction").asBoolean()).isTrue();

		JsonNode summary = awaitVersion(query + "/api/incidents/" + id, 18);
		assertThat(summary.get("severity").asString()).isEqualTo("SEV1");
		assertThat(summary.get("status").asString()).isEqualTo("RESOLVED");
		assertThat(summary.get("responders"))
			.extracting((r) -> r.get("person").asString() + "/" + r.get("role").asString())
			.containsExactly("dana@nimbus.example/COMMANDER", "li@nimbus.example/COMMUNICATIONS");
		JsonNode console = null;
		for (JsonNode impact : summary.get("closedImpacts")) {
			if (impact.get("impactId").asString().equals("console-use1")) {
				console = impact;
			}
		}
		assertThat(console.get("startedAt").asString()).isEqualTo("2021-12-07T15:30:00Z");
		assertThat(console.get("corrected").asBoolean()).isTrue();

		JsonNode events = accepted(get(query + "/api/incidents/" + id + "/events")).get("events");
		String correctionRecordedAt = events.get(11).get("recordedAt").asString();
		String justBefore = java.time.Instant.parse(correctionRecordedAt).minusMillis(1).toString();
		JsonNode asKnownBefore = accepted(
				get(query + "/api/incidents/" + id + "/state?asOf=2021-12-07T15:40:00Z&knownAt=" + justBefore));
		assertThat(asKnownBefore.get("impacts")).extracting((impact) -> impact.get("impactId").asString())
			.containsExactlyInAnyOrder("compute-use1", "storage-use1");
		JsonNode asKnownNow = accepted(get(query + "/api/incidents/" + id + "/state?asOf=2021-12-07T15:40:00Z"));
		assertThat(asKnownNow.get("impacts")).extracting((impact) -> impact.get("impactId").asString())
			.containsExactlyInAnyOrder("console-use1", "compute-use1", "storage-use1");
		assertThat(asKnownNow.get("status").asString()).isEqualTo("NOT_DECLARED");

		Api.Response postmortem = get(query + "/api/incidents/" + id + "/postmortem");
		assertThat(postmortem.status()).isEqualTo(200);
		assertThat(postmortem.text()).startsWith("# Reason for outage: us-east-1: elevated API and console errors")
			.contains("| Impact began | 2021-12-07 15:30 UTC |")
			.contains("| Time to resolve | 9 h 14 min |")
			.contains("## Root cause\n\nAn automated capacity-scaling activity caused a surge of connections")
			.contains("| Fail the status page over to a second region automatically. | li@nimbus.example |")
			.contains("- Status tooling must not depend on the region it reports on.")
			.contains(
					"| console | us-east-1 | MAJOR_OUTAGE | - | 2021-12-07 15:30 UTC (corrected) | 2021-12-07 22:22 UTC | 6 h 52 min |")
			.contains("Responders estimated 20000 to 40000 affected users of compute-api in us-east-1.");
	}

	@Test
	@Order(5)
	void thePublicStatusFollowsOpenImpactsAndPublicUpdatesOnly() throws Exception {
		String id = accepted(post(command + "/api/incidents", """
				{"title":"eu-west-1 storage errors","severity":"SEV2","detectionSource":"MONITORING",
				 "services":["object-storage"],"regions":["eu-west-1"]}""")).get("incidentId").asString();
		incidentId = id;
		step("/impacts",
				"{\"impactId\":\"s3\",\"service\":\"object-storage\",\"region\":\"eu-west-1\",\"level\":\"PARTIAL_OUTAGE\",\"startedAt\":\"2021-12-07T10:00:00Z\"}");
		step("/status-updates",
				"{\"status\":\"INVESTIGATING\",\"message\":\"Elevated errors\",\"public\":true,\"publicTitle\":\"Elevated errors in eu-west-1\"}");
		long last = step("/status-updates",
				"{\"status\":\"IDENTIFIED\",\"message\":\"internal only: bad deploy\",\"public\":false}");
		awaitVersion(query + "/api/incidents/" + id, last);

		// the status page is rendered from the projector's document within a second; a
		// render from before the public update (the impact alone) may be served first
		JsonNode status = awaitStorageStatus("PARTIAL_OUTAGE", "Elevated errors");
		JsonNode storage = storage(status);
		assertThat(storage.get("status").asString()).isEqualTo("PARTIAL_OUTAGE");
		assertThat(storage.get("incidents").get(0).get("latestMessage").asString()).isEqualTo("Elevated errors");
		assertThat(storage.get("incidents").get(0).get("title").asString()).isEqualTo("Elevated errors in eu-west-1");
		assertThat(status.toString()).doesNotContain("internal only")
			.doesNotContain("eu-west-1 storage errors")
			.doesNotContain(id);
		assertThat(status.get("overall").asString()).isIn("PARTIAL_OUTAGE", "MAJOR_OUTAGE");

		// the Atom feed, from the projector's feed document: public changes only, newest
		// first
		String[] feed = new String[1];
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Api.Response answer = get(query + "/api/status/feed.atom");
			feed[0] = answer.text();
			return answer.status() == 200 && feed[0].contains("Elevated errors in eu-west-1: Investigating");
		});
		assertThat(feed[0])
			.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"",
					"<title>Partial outage of object-storage in eu-west-1 reported</title>", "<link rel=\"alternate\"")
			.doesNotContain("internal only")
			.doesNotContain("eu-west-1 storage errors")
			.doesNotContain(id);
		assertThat(feed[0].indexOf("Elevated errors in eu-west-1: Investigating"))
			.as("the update recorded after the impact comes first")
			.isLessThan(feed[0].indexOf("Partial outage of object-storage in eu-west-1 reported"));

		last = step("/impacts/s3/end", "{\"endedAt\":\"2021-12-07T11:00:00Z\"}");
		awaitVersion(query + "/api/incidents/" + id, last);
		JsonNode after = awaitStorageStatus("OPERATIONAL");
		assertThat(storage(after).get("incidents")).isEmpty();
	}

	/** The status page once object-storage in eu-west-1 shows this status. */
	private static JsonNode awaitStorageStatus(String expected) {
		return awaitStorageStatus(expected, null);
	}

	/**
	 * The status page once object-storage in eu-west-1 shows this status and, when given,
	 * this latest public message on its first incident.
	 */
	private static JsonNode awaitStorageStatus(String expected, String latestMessage) {
		JsonNode[] page = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			page[0] = accepted(get(query + "/api/status"));
			JsonNode storage = storage(page[0]);
			return storage != null && storage.get("status").asString().equals(expected) && (latestMessage == null
					|| latestMessage.equals(storage.path("incidents").path(0).path("latestMessage").asString()));
		});
		return page[0];
	}

	private static JsonNode storage(JsonNode page) {
		for (JsonNode service : page.get("services")) {
			if (service.get("service").asString().equals("object-storage")
					&& service.get("region").asString().equals("eu-west-1")) {
				return service;
			}
		}
		return null;
	}

	@Test
	@Order(6)
	void bothServicesServeTheirOpenApiDocuments() throws Exception {
		JsonNode commandApi = accepted(get(command + "/v3/api-docs"));
		assertThat(commandApi.get("info").get("title").asString()).isEqualTo("incident-command");
		assertThat(commandApi.get("paths").has("/api/incidents/{incidentId}/impacts/{impactId}/corrections")).isTrue();
		JsonNode queryApi = accepted(get(query + "/v3/api-docs"));
		assertThat(queryApi.get("info").get("title").asString()).isEqualTo("incident-query");
		assertThat(queryApi.get("paths").has("/api/incidents/{incidentId}/state")).isTrue();
		assertThat(queryApi.get("paths").has("/api/status")).isTrue();
	}

	/**
	 * Writers keep sending commands while the command service is killed without warning
	 * and started again: every command that was acknowledged is in the log exactly once,
	 * and the log has no gap.
	 */
	@Test
	@Order(7)
	void healthMetricsAndStructuredLogsShowTheWorkings() throws Exception {
		String adminToken = Api.bearer;
		Api.bearer = null;
		try {
			for (String service : List.of(command, query, projector)) {
				JsonNode anonymous = accepted(get(service + "/actuator/health"));
				assertThat(anonymous.get("status").asString()).as(service).isEqualTo("UP");
				assertThat(anonymous.has("components")).as(service + " shows no components to anonymous callers")
					.isFalse();
			}
		}
		finally {
			Api.bearer = adminToken;
		}
		JsonNode commandHealth = accepted(get(command + "/actuator/health"));
		assertThat(commandHealth.get("status").asString()).isEqualTo("UP");
		assertThat(commandHealth.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
		assertThat(commandHealth.get("components").get("eventStore").get("status").asString()).isEqualTo("UP");
		JsonNode projectorHealth = accepted(get(projector + "/actuator/health"));
		assertThat(projectorHealth.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
		assertThat(projectorHealth.get("components").get("readModelStore").get("status").asString()).isEqualTo("UP");
		String commandMetrics = get(command + "/actuator/prometheus").text();
		assertThat(commandMetrics).contains("incidents_commands_total{command=\"RecordAction\",outcome=\"accepted\"")
			.contains("relay_events_delivered_total")
			.contains("relay_backlog");
		String projectorMetrics = get(projector + "/actuator/prometheus").text();
		assertThat(projectorMetrics).contains("projector_lag{partition=\"0\",topic=\"incident-events\"")
			.contains("projector_records_applied_total")
			.contains("projector_dead_letters");

		java.nio.file.Path log = platform.settings().dataDir().resolve("logs").resolve("incident-command.log");
		List<JsonNode> aboutEvents = new ArrayList<>();
		for (String line : java.nio.file.Files.readAllLines(log)) {
			if (line.startsWith("{") && line.contains("\"incidentId\"")) {
				aboutEvents.add(Api.JSON.readTree(line));
			}
		}
		assertThat(aboutEvents).isNotEmpty().allSatisfy((line) -> {
			assertThat(line.get("incidentId").asString()).startsWith("INC-");
			assertThat(line.get("sequence").isNumber()).isTrue();
			assertThat(line.has("@timestamp")).isTrue();
		});
	}

	@Test
	@Order(8)
	void killingTheCommandServiceLosesNoAcknowledgedEvent() throws Exception {
		List<String> incidents = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			incidents.add(accepted(post(command + "/api/incidents",
					"""
							{"title":"kill test","severity":"SEV3","detectionSource":"MONITORING","services":["dns"],"regions":["eu-west-1"]}"""))
				.get("incidentId")
				.asString());
		}
		Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
		incidents.forEach((id) -> acknowledged.put(id, new ConcurrentSkipListSet<>(Set.of(0L))));
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger refused = new AtomicInteger();
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			String id = incidents.get(w % incidents.size());
			Thread writer = new Thread(() -> {
				int n = 0;
				while (writing.get()) {
					try {
						Api.Response response = post(command + "/api/incidents/" + id + "/actions",
								"{\"kind\":\"INVESTIGATION\",\"description\":\"step " + n++ + "\"}");
						if (response.status() == 200) {
							acknowledged.get(id).add(response.body().get("version").asLong());
						}
						else {
							refused.incrementAndGet();
						}
					}
					catch (Exception ex) {
						refused.incrementAndGet();
					}
				}
			});
			writer.start();
			writers.add(writer);
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> total(acknowledged) >= 60);
		platform.kill(Component.COMMAND);
		int atKill = total(acknowledged);
		platform.start(Component.COMMAND);
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> total(acknowledged) >= atKill + 60);
		writing.set(false);
		for (Thread writer : writers) {
			writer.join();
		}

		for (String id : incidents) {
			Set<Long> versions = new TreeSet<>(acknowledged.get(id));
			long last = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
			JsonNode log = awaitVersion(query + "/api/incidents/" + id + "/events", last);
			JsonNode events = log.get("events");
			List<Long> sequences = new ArrayList<>();
			events.forEach((event) -> sequences.add(event.get("sequence").asLong()));
			for (int i = 0; i < sequences.size(); i++) {
				assertThat(sequences.get(i)).as("gapless log of %s", id).isEqualTo(i);
			}
			assertThat(sequences).as("every acknowledged version of %s is in the log", id).containsAll(versions);
		}
		assertThat(total(acknowledged)).isGreaterThanOrEqualTo(atKill + 60);
	}

	private static int total(Map<String, Set<Long>> acknowledged) {
		return acknowledged.values().stream().mapToInt(Set::size).sum();
	}

}
