package com.nimbus.incidents.e2e;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.LocalIssuer;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.ScenarioReplay;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what: every endpoint of the three services, called by each role, without a
 * token, with an expired token and with a token of another issuer (wrong signature,
 * audience and missing expiry are refused the same way: service-support's
 * {@code TokenRefusalTest}). Nothing leaks to a caller without the role, not through a
 * list, a history or an export; every refusal is in the audit log.
 */
class AccessEndToEndIT {

	private static final List<String> ROLES = List.of("RESPONDER", "CUSTOMER_SUCCESS", "FINANCE", "VIEWER", "ADMIN");

	private static final Set<String> READERS = Set.of("VIEWER", "RESPONDER", "CUSTOMER_SUCCESS");

	private static Platform platform;

	private static String incident;

	@BeforeAll
	static void start() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer()
			.token("dana@nimbus.example", "RESPONDER", "VIEWER", "CUSTOMER_SUCCESS", "FINANCE", "ADMIN");
		ScenarioReplay.Result result = new ScenarioReplay(platform.baseUrl(Component.COMMAND), Api.bearer)
			.replay(ScenarioReplay.bundled(), true);
		incident = result.incidents().get("congestion");
		awaitVersion(platform.baseUrl(Component.QUERY) + "/api/incidents/" + incident, 18);
		Api.bearer = null;
	}

	@AfterAll
	static void stop() {
		if (platform != null) {
			platform.close();
		}
	}

	/** An endpoint and the roles allowed on it; {@code null}: public. */
	record Endpoint(String method, String url, String body, Set<String> allowed) {
	}

	private static List<Endpoint> endpoints() {
		String c = platform.baseUrl(Component.COMMAND);
		String q = platform.baseUrl(Component.QUERY);
		String p = platform.baseUrl(Component.PROJECTOR);
		String i = "/api/incidents/" + incident;
		Set<String> responder = Set.of("RESPONDER");
		List<Endpoint> endpoints = new ArrayList<>(List.of(new Endpoint("POST", c + "/api/incidents",
				"{\"title\":\"t\",\"severity\":\"SEV4\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}",
				responder),
				new Endpoint("POST", c + i + "/responders", "{\"person\":\"p@x\",\"role\":\"SCRIBE\"}", responder),
				new Endpoint("DELETE", c + i + "/responders/p@x/SCRIBE", null, responder),
				new Endpoint("POST", c + i + "/actions", "{\"kind\":\"FIX\",\"description\":\"d\"}", responder),
				new Endpoint("POST", c + i + "/severity", "{\"severity\":\"SEV3\",\"reason\":\"r\"}", responder),
				new Endpoint("POST", c + i + "/status-updates",
						"{\"status\":\"MONITORING\",\"message\":\"m\",\"public\":false}", responder),
				new Endpoint("POST", c + i + "/impacts",
						"{\"service\":\"s\",\"region\":\"r\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\"2021-12-07T15:30:00Z\",\"endedAt\":\"2021-12-07T16:30:00Z\"}",
						responder),
				new Endpoint("POST", c + i + "/impacts/console-use1/end", "{\"endedAt\":\"2021-12-08T00:00:00Z\"}",
						responder),
				new Endpoint("POST", c + i + "/impacts/console-use1/corrections",
						"{\"level\":\"PARTIAL_OUTAGE\",\"reason\":\"r\"}", responder),
				new Endpoint("POST", c + i + "/resolve", "{\"summary\":\"s\"}", responder),
				new Endpoint("POST", c + i + "/reopen", "{\"reason\":\"r\"}", responder),
				new Endpoint("POST", c + i + "/notes", "{\"text\":\"t\"}", responder),
				new Endpoint("POST", c + i + "/postmortem", "{\"rootCause\":\"c\",\"resolution\":\"r\"}", responder),
				new Endpoint("PUT", c + "/api/contracts/hooli",
						"{\"customerName\":\"Hooli\",\"activeUsers\":1,\"effectiveFrom\":\"2021-01-01T00:00:00Z\",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"],\"monthlyFee\":{\"amount\":\"1.00\",\"currency\":\"USD\"},\"sla\":{\"measurement\":\"ERROR_RATE\",\"tiers\":[{\"below\":\"99\",\"creditPercent\":\"10\"}]}}]}",
						Set.of("FINANCE")),
				// the API documents and their Swagger UI are public
				new Endpoint("GET", c + "/v3/api-docs", null, null),
				new Endpoint("GET", c + "/v3/api-docs.yaml", null, null),
				new Endpoint("GET", c + "/swagger-ui/index.html", null, null),
				new Endpoint("GET", c + "/actuator/prometheus", null, Set.of("ADMIN")),
				new Endpoint("GET", c + "/actuator/health", null, null),
				new Endpoint("GET", q + "/api/incidents", null, READERS),
				new Endpoint("GET", q + "/api/incidents?service=compute-api", null, READERS),
				new Endpoint("GET", q + i, null, READERS), new Endpoint("GET", q + i + "/timeline", null, READERS),
				new Endpoint("GET", q + i + "/events", null, READERS),
				new Endpoint("GET", q + i + "/state?asOf=2021-12-07T16:00:00Z", null, READERS),
				new Endpoint("GET", q + i + "/postmortem", null, READERS),
				new Endpoint("GET", q + i + "/impact", null, Set.of("CUSTOMER_SUCCESS")),
				new Endpoint("GET", q + "/api/customers/acme/incidents", null, Set.of("CUSTOMER_SUCCESS")),
				new Endpoint("GET", q + "/api/sla/credits?month=2021-12", null, Set.of("FINANCE")),
				new Endpoint("GET", q + "/api/status", null, null),
				new Endpoint("GET", q + "/api/status/feed.atom", null, null),
				// the API documents and their Swagger UI are public
				new Endpoint("GET", q + "/v3/api-docs", null, null),
				new Endpoint("GET", q + "/v3/api-docs.yaml", null, null),
				new Endpoint("GET", q + "/swagger-ui/index.html", null, null),
				new Endpoint("GET", q + "/actuator/prometheus", null, Set.of("ADMIN")),
				new Endpoint("GET", q + "/actuator/health", null, null),
				new Endpoint("GET", p + "/admin/projection", null, Set.of("ADMIN")),
				new Endpoint("GET", p + "/actuator/prometheus", null, Set.of("ADMIN")),
				new Endpoint("GET", p + "/actuator/health", null, null)));
		return endpoints;
	}

	@Test
	void everyEndpointByEveryRoleAndNoToken() throws Exception {
		LocalIssuer stranger = LocalIssuer.at(Files.createTempDirectory("stranger-keys"));
		String expired = platform.issuer().token("late@nimbus.example", List.copyOf(ROLES), Duration.ofSeconds(-60));
		String foreign = stranger.token("mallory@evil.example", ROLES.toArray(String[]::new));
		int calls = 0;
		int denied = 0;
		for (Endpoint endpoint : endpoints()) {
			for (String role : ROLES) {
				Api.Response response = Api.call(endpoint.method(), endpoint.url(), endpoint.body(),
						platform.issuer().token(role.toLowerCase() + "@nimbus.example", role));
				calls++;
				String what = endpoint.method() + " " + endpoint.url() + " as " + role + " -> " + response.text();
				if (endpoint.allowed() == null || endpoint.allowed().contains(role)) {
					assertThat(response.status()).as(what).isNotIn(401, 403).isLessThan(500);
				}
				else {
					denied++;
					assertThat(response.status()).as(what).isEqualTo(403);
					assertThat(response.body().get("type").asString()).endsWith("/forbidden");
					assertThat(response.text()).as("no data leaks: " + what)
						.doesNotContain(incident)
						.doesNotContain("Acme")
						.doesNotContain("congestion");
				}
			}
			for (String token : new String[] { null, expired, foreign }) {
				Api.Response response = Api.call(endpoint.method(), endpoint.url(), endpoint.body(), token);
				calls++;
				String what = endpoint.method() + " " + endpoint.url() + " with "
						+ ((token == null) ? "no token" : "a bad token");
				// health reads a token sent to it (an ADMIN's shows the components), so
				// it
				// refuses a bad one; without a token it answers everyone
				boolean readsToken = endpoint.url().endsWith("/actuator/health");
				if (endpoint.allowed() == null && (token == null || !readsToken)) {
					assertThat(response.status()).as(what).isEqualTo(200);
				}
				else {
					denied++;
					assertThat(response.status()).as(what).isEqualTo(401);
					assertThat(response.body().get("type").asString()).endsWith("/unauthenticated");
					assertThat(response.text()).doesNotContain(incident);
				}
			}
		}
		assertThat(calls).isGreaterThan(250);
		System.out.printf("Access matrix: %d calls, %d refused%n", calls, denied);

		try (MongoClient mongo = MongoClients.create(platform.mongoUri())) {
			long audited = 0;
			for (String database : List.of("incident_command", "incident_read")) {
				audited += mongo.getDatabase(database)
					.getCollection("audit_log")
					.countDocuments(new Document("outcome", new Document("$in", List.of("DENIED_401", "DENIED_403"))));
			}
			// the projector's management port writes to the read database too
			assertThat(audited).as("refusals in the audit log").isEqualTo(denied);
		}
	}

	/**
	 * Affected customers and user estimates are for CUSTOMER_SUCCESS (FINANCE and ADMIN
	 * would too, but read no incidents); VIEWER and RESPONDER read the incident without
	 * them, in every read that could carry them.
	 */
	@Test
	void customersAndUserEstimatesAreRedactedPerRole() throws Exception {
		String c = platform.baseUrl(Component.COMMAND);
		String q = platform.baseUrl(Component.QUERY);
		String responder = platform.issuer().token("rae@nimbus.example", "RESPONDER");
		JsonNode created = Api.accepted(Api.call("POST", c + "/api/incidents",
				"{\"title\":\"redaction\",\"severity\":\"SEV3\",\"detectionSource\":\"MONITORING\",\"services\":[\"console\"],\"regions\":[\"us-east-1\"]}",
				responder));
		String id = created.get("incidentId").asString();
		long version = Api.accepted(Api.call("POST", c + "/api/incidents/" + id + "/impacts",
				"{\"impactId\":\"console-use1\",\"service\":\"console\",\"region\":\"us-east-1\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\"2021-12-07T15:30:00Z\",\"estimatedAffectedUsers\":{\"low\":31415,\"high\":92653},\"affectedCustomerIds\":[\"globex\",\"initech\"]}",
				responder))
			.get("version")
			.asLong();
		String i = q + "/api/incidents/" + id;
		Api.bearer = platform.issuer().token("cass@nimbus.example", "CUSTOMER_SUCCESS");
		try {
			awaitVersion(i, version);
		}
		finally {
			Api.bearer = null;
		}
		List<String> reads = List.of(i, i + "/events", i + "/state", i + "/timeline", i + "/postmortem");
		// the other roles are refused these reads (the matrix above); calling them here
		// would add refusals to the audit log that the matrix counts
		for (String role : READERS) {
			String token = platform.issuer().token(role.toLowerCase() + "@nimbus.example", role);
			for (String url : reads) {
				Api.Response response = Api.call("GET", url, null, token);
				String what = "GET " + url + " as " + role + " -> " + response.text();
				assertThat(response.status()).as(what).isEqualTo(200);
				boolean sees = role.equals("CUSTOMER_SUCCESS");
				boolean carries = !url.endsWith("/timeline") && !url.endsWith("/postmortem");
				if (sees && carries) {
					assertThat(response.text()).as(what).contains("globex").contains("initech").contains("92653");
				}
				if (!sees) {
					assertThat(response.text()).as(what)
						.doesNotContain("globex")
						.doesNotContain("initech")
						.doesNotContain("31415")
						.doesNotContain("92653");
				}
			}
		}
		Api.Response postmortem = Api.call("GET", i + "/postmortem", null,
				platform.issuer().token("cass@nimbus.example", "CUSTOMER_SUCCESS"));
		assertThat(postmortem.text()).contains("31415 to 92653");
	}

	@Test
	void theActorOfAnEventIsTheTokensSubjectNotTheBody() throws Exception {
		String token = platform.issuer().token("erin@nimbus.example", "RESPONDER");
		Api.Response refused = Api.call("POST",
				platform.baseUrl(Component.COMMAND) + "/api/incidents/" + incident + "/notes",
				"{\"text\":\"hello\",\"actor\":\"mallory@evil.example\"}", token);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo("actor");

		Api.Response noted = Api.call("POST",
				platform.baseUrl(Component.COMMAND) + "/api/incidents/" + incident + "/notes", "{\"text\":\"hello\"}",
				token);
		long version = noted.body().get("version").asLong();
		Api.bearer = platform.issuer().token("vic@nimbus.example", "VIEWER");
		try {
			var events = awaitVersion(platform.baseUrl(Component.QUERY) + "/api/incidents/" + incident + "/events",
					version)
				.get("events");
			assertThat(events.get((int) version).get("actor").asString()).isEqualTo("erin@nimbus.example");
		}
		finally {
			Api.bearer = null;
		}
	}

}
