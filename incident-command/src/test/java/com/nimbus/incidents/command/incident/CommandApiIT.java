package com.nimbus.incidents.command.incident;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write API as {@code api.md} has it: every endpoint with every kind of bad input
 * answers a problem detail naming the field, or 404/409/412 as the case is, and appends
 * nothing; {@code If-Match} and {@code Idempotency-Key} protect writes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommandApiIT {

	private static final String TOPIC = "incident-events-api-it-" + UUID.randomUUID();

	private static final String DATABASE = "command_api_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String LONG_TEXT = "x".repeat(10_001);

	private static final String LONG_TITLE = "t".repeat(201);

	private static final String CALLER = TestInfrastructure.issuer()
		.token("dana@nimbus.example", "RESPONDER", "FINANCE");

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MongoClient mongo;

	@Value("${spring.mongodb.database}")
	String database;

	@Value("${catalog.read-database}")
	String catalogDatabase;

	private String incident;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("catalog.read-database", () -> DATABASE + "_read");
	}

	record Call(HttpMethod method, String path, String body, String ifMatch, String idempotencyKey) {
	}

	private ResponseEntity<String> send(Call call) {
		RestClient.RequestBodySpec request = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (req, res) -> {
			})
			.build()
			.method(call.method())
			.uri(call.path())
			.header("Authorization", "Bearer " + CALLER);
		if (call.ifMatch() != null) {
			request.header("If-Match", call.ifMatch());
		}
		if (call.idempotencyKey() != null) {
			request.header("Idempotency-Key", call.idempotencyKey());
		}
		if (call.body() != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(call.body());
		}
		return request.retrieve().toEntity(String.class);
	}

	private JsonNode ok(HttpMethod method, String path, String body) {
		ResponseEntity<String> response = send(new Call(method, path, body, null, null));
		assertThat(response.getStatusCode().is2xxSuccessful()).as(path + " -> " + response.getBody()).isTrue();
		return this.json.readTree(response.getBody());
	}

	private long storedEvents() {
		return this.mongo.getDatabase(this.database).getCollection("domainevents").countDocuments();
	}

	private long version() {
		Document last = this.mongo.getDatabase(this.database)
			.getCollection("domainevents")
			.find(new Document("aggregateIdentifier", this.incident))
			.sort(new Document("sequenceNumber", -1))
			.first();
		return last.get("sequenceNumber", Number.class).longValue();
	}

	@BeforeEach
	void anIncidentWithAnOpenAndAnEndedImpact() {
		this.incident = ok(HttpMethod.POST, "/api/incidents", """
				{"title":"api test","severity":"SEV2","detectionSource":"MONITORING",
				 "declaredAt":"2021-12-07T15:48:00Z","services":["console"],"regions":["us-east-1"]}""")
			.get("incidentId")
			.asString();
		ok(HttpMethod.POST, "/api/incidents/" + this.incident + "/impacts",
				"""
						{"impactId":"open-1","service":"console","region":"us-east-1","level":"MAJOR_OUTAGE","startedAt":"2021-12-07T15:45:00Z"}""");
		ok(HttpMethod.POST, "/api/incidents/" + this.incident + "/impacts", """
				{"impactId":"ended-1","service":"console","region":"us-east-1","level":"PARTIAL_OUTAGE",
				 "startedAt":"2021-12-07T15:45:00Z","endedAt":"2021-12-07T16:45:00Z"}""");
		ok(HttpMethod.POST, "/api/incidents/" + this.incident + "/responders",
				"{\"person\":\"li@nimbus.example\",\"role\":\"SCRIBE\"}");
	}

	/** A call, the status it must get, and for a 400 the field it must name. */
	record Case(String name, Call call, int status, String field) {
	}

	private Case bad(String name, String path, String body, String field) {
		return new Case(name, new Call(HttpMethod.POST, path, body, null, null), 400, field);
	}

	private Case putContract(String name, String customerId, String body, String field) {
		return new Case(name, new Call(HttpMethod.PUT, "/api/contracts/" + customerId, body, null, null), 400, field);
	}

	private Case refused(String name, String path, String body, int status) {
		return new Case(name, new Call(HttpMethod.POST, path, body, null, null), status, null);
	}

	private List<Case> cases() {
		String i = "/api/incidents/" + this.incident;
		List<Case> cases = new ArrayList<>();
		String declare = "/api/incidents";
		cases.add(bad("declare: unknown severity", declare,
				"{\"title\":\"t\",\"severity\":\"SEV9\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}",
				"severity"));
		cases.add(bad("declare: missing title", declare,
				"{\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}", "title"));
		cases.add(bad("declare: title over 200", declare,
				"{\"title\":\"" + LONG_TITLE
						+ "\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}",
				"title"));
		cases.add(bad("declare: public title over 200", declare,
				"{\"title\":\"t\",\"publicTitle\":\"" + LONG_TITLE
						+ "\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}",
				"publicTitle"));
		cases.add(bad("declare: blank public title", declare,
				"{\"title\":\"t\",\"publicTitle\":\"  \",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}",
				"publicTitle"));
		cases.add(bad("declare: summary over 10,000", declare,
				"{\"title\":\"t\",\"summary\":\"" + LONG_TEXT
						+ "\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}",
				"summary"));
		cases.add(bad("declare: unknown field", declare,
				"{\"title\":\"t\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[],\"actor\":\"mallory\"}",
				"actor"));
		cases.add(bad("declare: missing services", declare,
				"{\"title\":\"t\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"regions\":[]}",
				"services"));
		cases.add(bad("declare: declared in the future", declare,
				"{\"title\":\"t\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[],\"declaredAt\":\"2099-01-01T00:00:00Z\"}",
				"declaredAt"));
		cases.add(bad("declare: detected after declared", declare,
				"{\"title\":\"t\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[],\"detectedAt\":\"2021-12-07T16:00:00Z\",\"declaredAt\":\"2021-12-07T15:00:00Z\"}",
				"detectedAt"));
		cases.add(bad("declare: not JSON", declare, "{\"title\":", "body"));
		cases.add(bad("declare: blank commander", declare,
				"{\"title\":\"t\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[],\"commander\":\" \"}",
				"commander"));
		cases.add(bad("declare: commander over 200", declare,
				"{\"title\":\"t\",\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[],\"commander\":\""
						+ LONG_TITLE + "\"}",
				"commander"));
		cases.add(bad("responder: missing person", i + "/responders", "{\"role\":\"SCRIBE\"}", "person"));
		cases.add(bad("responder: unknown role", i + "/responders", "{\"person\":\"p\",\"role\":\"HERO\"}", "role"));
		cases.add(bad("responder: in the future", i + "/responders",
				"{\"person\":\"p\",\"role\":\"SCRIBE\",\"occurredAt\":\"2099-01-01T00:00:00Z\"}", "occurredAt"));
		cases.add(refused("responder: holds the role", i + "/responders",
				"{\"person\":\"li@nimbus.example\",\"role\":\"SCRIBE\"}", 409));
		cases.add(new Case("release: unknown role",
				new Call(HttpMethod.DELETE, i + "/responders/li@nimbus.example/HERO", null, null, null), 400, "role"));
		cases.add(new Case(
				"release: bad time", new Call(HttpMethod.DELETE,
						i + "/responders/li@nimbus.example/SCRIBE?occurredAt=noon", null, null, null),
				400, "occurredAt"));
		cases.add(new Case("release: not held",
				new Call(HttpMethod.DELETE, i + "/responders/li@nimbus.example/COMMANDER", null, null, null), 409,
				null));
		cases.add(bad("action: unknown kind", i + "/actions", "{\"kind\":\"PANIC\",\"description\":\"d\"}", "kind"));
		cases.add(bad("action: missing description", i + "/actions", "{\"kind\":\"FIX\"}", "description"));
		cases.add(bad("action: description over 10,000", i + "/actions",
				"{\"kind\":\"FIX\",\"description\":\"" + LONG_TEXT + "\"}", "description"));
		cases.add(bad("action: malformed time", i + "/actions",
				"{\"kind\":\"FIX\",\"description\":\"d\",\"occurredAt\":\"yesterday\"}", "occurredAt"));
		cases.add(bad("action: in the future", i + "/actions",
				"{\"kind\":\"FIX\",\"description\":\"d\",\"occurredAt\":\"2099-01-01T00:00:00Z\"}", "occurredAt"));
		cases.add(bad("action: unknown field", i + "/actions", "{\"kind\":\"FIX\",\"description\":\"d\",\"by\":\"x\"}",
				"by"));
		cases.add(bad("severity: unknown", i + "/severity", "{\"severity\":\"SEV0\",\"reason\":\"r\"}", "severity"));
		cases.add(bad("severity: missing reason", i + "/severity", "{\"severity\":\"SEV1\"}", "reason"));
		cases.add(refused("severity: unchanged", i + "/severity", "{\"severity\":\"SEV2\",\"reason\":\"r\"}", 409));
		cases.add(bad("status: unknown", i + "/status-updates",
				"{\"status\":\"FINE\",\"message\":\"m\",\"public\":true}", "status"));
		cases.add(bad("status: missing public", i + "/status-updates", "{\"status\":\"IDENTIFIED\",\"message\":\"m\"}",
				"public"));
		cases.add(bad("status: public title on an internal update", i + "/status-updates",
				"{\"status\":\"IDENTIFIED\",\"message\":\"m\",\"public\":false,\"publicTitle\":\"Errors\"}",
				"publicTitle"));
		cases.add(bad("status: message over 10,000", i + "/status-updates",
				"{\"status\":\"IDENTIFIED\",\"message\":\"" + LONG_TEXT + "\",\"public\":false}", "message"));
		String impact = "\"service\":\"console\",\"region\":\"us-east-1\",\"level\":\"MAJOR_OUTAGE\"";
		cases.add(bad("impact: error rate above 1", i + "/impacts",
				"{" + impact + ",\"errorRate\":1.5,\"startedAt\":\"2021-12-07T15:30:00Z\"}", "errorRate"));
		cases.add(bad("impact: error rate below 0", i + "/impacts",
				"{" + impact + ",\"errorRate\":-0.1,\"startedAt\":\"2021-12-07T15:30:00Z\"}", "errorRate"));
		cases.add(bad("impact: ends before it starts", i + "/impacts",
				"{" + impact + ",\"startedAt\":\"2021-12-07T15:30:00Z\",\"endedAt\":\"2021-12-07T15:00:00Z\"}",
				"endedAt"));
		cases.add(bad("impact: missing start", i + "/impacts", "{" + impact + "}", "startedAt"));
		cases.add(bad("impact: unknown level", i + "/impacts",
				"{\"service\":\"s\",\"region\":\"r\",\"level\":\"DOWN\",\"startedAt\":\"2021-12-07T15:30:00Z\"}",
				"level"));
		cases.add(bad("impact: low above high", i + "/impacts",
				"{" + impact
						+ ",\"startedAt\":\"2021-12-07T15:30:00Z\",\"estimatedAffectedUsers\":{\"low\":5,\"high\":1}}",
				"estimatedAffectedUsers.low"));
		cases.add(bad("impact: starts in the future", i + "/impacts",
				"{" + impact + ",\"startedAt\":\"2099-01-01T00:00:00Z\"}", "startedAt"));
		cases.add(bad("impact: a customer without a contract", i + "/impacts",
				"{" + impact + ",\"startedAt\":\"2021-12-07T15:30:00Z\",\"affectedCustomerIds\":[\"acme-typo\"]}",
				"affectedCustomerIds"));
		cases.add(bad("impact: bad id", i + "/impacts",
				"{\"impactId\":\"no spaces\"," + impact + ",\"startedAt\":\"2021-12-07T15:30:00Z\"}", "impactId"));
		cases.add(refused("impact: id taken", i + "/impacts",
				"{\"impactId\":\"open-1\"," + impact + ",\"startedAt\":\"2021-12-07T15:30:00Z\"}", 409));
		cases.add(bad("end: before the start", i + "/impacts/open-1/end", "{\"endedAt\":\"2021-12-07T15:00:00Z\"}",
				"endedAt"));
		cases.add(bad("end: missing time", i + "/impacts/open-1/end", "{}", "endedAt"));
		cases.add(
				refused("end: unknown impact", i + "/impacts/none/end", "{\"endedAt\":\"2021-12-07T17:00:00Z\"}", 409));
		cases.add(refused("end: ended impact", i + "/impacts/ended-1/end", "{\"endedAt\":\"2021-12-07T17:00:00Z\"}",
				409));
		cases.add(bad("correct: names nothing", i + "/impacts/open-1/corrections", "{\"reason\":\"r\"}", "startedAt"));
		cases.add(bad("correct: error rate above 1", i + "/impacts/open-1/corrections",
				"{\"errorRate\":2,\"reason\":\"r\"}", "errorRate"));
		cases.add(bad("correct: missing reason", i + "/impacts/open-1/corrections", "{\"level\":\"PARTIAL_OUTAGE\"}",
				"reason"));
		cases.add(bad("correct: end before start", i + "/impacts/ended-1/corrections",
				"{\"endedAt\":\"2021-12-07T15:00:00Z\",\"reason\":\"r\"}", "endedAt"));
		cases.add(refused("correct: end of an open impact", i + "/impacts/open-1/corrections",
				"{\"endedAt\":\"2021-12-07T17:00:00Z\",\"reason\":\"r\"}", 409));
		cases.add(refused("correct: unknown impact", i + "/impacts/none/corrections",
				"{\"level\":\"PARTIAL_OUTAGE\",\"reason\":\"r\"}", 409));
		cases.add(bad("resolve: missing summary", i + "/resolve", "{}", "summary"));
		cases.add(refused("resolve: impacts open", i + "/resolve", "{\"summary\":\"s\"}", 409));
		cases.add(bad("reopen: missing reason", i + "/reopen", "{}", "reason"));
		cases.add(refused("reopen: not resolved", i + "/reopen", "{\"reason\":\"r\"}", 409));
		cases.add(bad("note: missing text", i + "/notes", "{}", "text"));
		cases.add(bad("note: text over 10,000", i + "/notes", "{\"text\":\"" + LONG_TEXT + "\"}", "text"));
		cases.add(bad("postmortem: missing root cause", i + "/postmortem", "{\"resolution\":\"r\"}", "rootCause"));
		cases.add(bad("postmortem: root cause over 10,000", i + "/postmortem",
				"{\"rootCause\":\"" + LONG_TEXT + "\",\"resolution\":\"r\"}", "rootCause"));
		cases.add(bad("postmortem: missing resolution", i + "/postmortem", "{\"rootCause\":\"c\"}", "resolution"));
		cases.add(bad("postmortem: action item without description", i + "/postmortem",
				"{\"rootCause\":\"c\",\"resolution\":\"r\",\"actionItems\":[{\"owner\":\"li\"}]}",
				"actionItems[0].description"));
		cases.add(bad("postmortem: blank lesson", i + "/postmortem",
				"{\"rootCause\":\"c\",\"resolution\":\"r\",\"lessons\":[\" \"]}", "lessons[0]"));
		cases.add(refused("postmortem: not resolved", i + "/postmortem", "{\"rootCause\":\"c\",\"resolution\":\"r\"}",
				409));
		cases.add(new Case("stale If-Match", new Call(HttpMethod.POST, i + "/notes", "{\"text\":\"t\"}", "\"0\"", null),
				412, null));
		cases.add(new Case("malformed If-Match",
				new Call(HttpMethod.POST, i + "/notes", "{\"text\":\"t\"}", "\"v-twelve\"", null), 400, "If-Match"));
		String contract = "\"customerName\":\"Acme\",\"activeUsers\":10,\"effectiveFrom\":\"2021-01-01T00:00:00Z\"";
		String sla = "\"sla\":{\"measurement\":\"ERROR_RATE\",\"tiers\":[{\"below\":\"99.9\",\"creditPercent\":\"10\"}]}";
		String fee = "\"monthlyFee\":{\"amount\":\"100.00\",\"currency\":\"USD\"}";
		cases.add(putContract("contract: missing name", "acme",
				"{\"activeUsers\":10,\"effectiveFrom\":\"2021-01-01T00:00:00Z\",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"],"
						+ fee + "," + sla + "}]}",
				"customerName"));
		cases.add(putContract("contract: no services", "acme", "{" + contract + ",\"services\":[]}", "services"));
		cases.add(putContract("contract: unknown currency", "acme", "{" + contract
				+ ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"],\"monthlyFee\":{\"amount\":\"1\",\"currency\":\"XYZ\"},"
				+ sla + "}]}", "services[0].monthlyFee.currency"));
		cases.add(putContract("contract: more decimals than the currency", "acme", "{" + contract
				+ ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"],\"monthlyFee\":{\"amount\":\"1.005\",\"currency\":\"USD\"},"
				+ sla + "}]}", "services[0].monthlyFee.amount"));
		cases.add(putContract("contract: unknown measurement", "acme", "{" + contract
				+ ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"]," + fee
				+ ",\"sla\":{\"measurement\":\"VIBES\",\"tiers\":[{\"below\":\"99\",\"creditPercent\":\"10\"}]}}]}",
				"services[0].sla.measurement"));
		cases.add(putContract("contract: credit over 100", "acme", "{" + contract
				+ ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"]," + fee
				+ ",\"sla\":{\"measurement\":\"ERROR_RATE\",\"tiers\":[{\"below\":\"99\",\"creditPercent\":\"101\"}]}}]}",
				"services[0].sla.tiers[0].creditPercent"));
		cases.add(putContract("contract: less credit for less uptime", "acme", "{" + contract
				+ ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"]," + fee
				+ ",\"sla\":{\"measurement\":\"ERROR_RATE\",\"tiers\":[{\"below\":\"99.9\",\"creditPercent\":\"25\"},{\"below\":\"99\",\"creditPercent\":\"10\"}]}}]}",
				"services[0].sla.tiers"));
		cases.add(putContract("contract: availability without a downtime rule", "acme", "{" + contract
				+ ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"]," + fee
				+ ",\"sla\":{\"measurement\":\"AVAILABILITY\",\"tiers\":[{\"below\":\"99\",\"creditPercent\":\"10\"}]}}]}",
				"services[0].sla.downtimeLevels"));
		cases.add(putContract("contract: bad customer id", "-dash",
				"{" + contract + ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"]," + fee + "," + sla + "}]}",
				"customerId"));
		cases.add(putContract("contract: a path the firewall refuses", "no%20spaces",
				"{" + contract + ",\"services\":[{\"service\":\"s\",\"regions\":[\"r\"]," + fee + "," + sla + "}]}",
				null));
		for (String path : List.of("/responders", "/actions", "/severity", "/status-updates", "/impacts",
				"/impacts/open-1/end", "/impacts/open-1/corrections", "/resolve", "/reopen", "/notes", "/postmortem")) {
			cases.add(refused("unknown incident " + path, "/api/incidents/INC-0000000000" + path, validBodyFor(path),
					404));
		}
		cases.add(new Case("unknown incident release",
				new Call(HttpMethod.DELETE, "/api/incidents/INC-0000000000/responders/li/SCRIBE", null, null, null),
				404, null));
		return cases;
	}

	private static String validBodyFor(String path) {
		return switch (path) {
			case "/responders" -> "{\"person\":\"p\",\"role\":\"SCRIBE\"}";
			case "/actions" -> "{\"kind\":\"FIX\",\"description\":\"d\"}";
			case "/severity" -> "{\"severity\":\"SEV1\",\"reason\":\"r\"}";
			case "/status-updates" -> "{\"status\":\"IDENTIFIED\",\"message\":\"m\",\"public\":true}";
			case "/impacts" ->
				"{\"service\":\"s\",\"region\":\"r\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\"2021-12-07T15:30:00Z\"}";
			case "/impacts/open-1/end" -> "{\"endedAt\":\"2021-12-07T17:00:00Z\"}";
			case "/impacts/open-1/corrections" -> "{\"level\":\"PARTIAL_OUTAGE\",\"reason\":\"r\"}";
			case "/resolve" -> "{\"summary\":\"s\"}";
			case "/reopen" -> "{\"reason\":\"r\"}";
			case "/notes" -> "{\"text\":\"t\"}";
			case "/postmortem" -> "{\"rootCause\":\"c\",\"resolution\":\"r\"}";
			default -> throw new IllegalArgumentException(path);
		};
	}

	@Test
	void healthShowsItsStatusToAnyoneAndItsComponentsToAnAdministratorOnly() throws Exception {
		JsonNode anonymous = health(null);
		JsonNode viewer = health(TestInfrastructure.issuer().token("vic@nimbus.example", "VIEWER"));
		JsonNode admin = health(TestInfrastructure.issuer().token("ops@nimbus.example", "ADMIN"));

		assertThat(anonymous.get("status").asString()).isIn("UP", "DEGRADED", "DOWN");
		assertThat(anonymous.has("components")).isFalse();
		assertThat(anonymous.has("details")).isFalse();
		assertThat(viewer.has("components")).isFalse();
		assertThat(admin.get("components").get("ping").get("status").asString()).isEqualTo("UP");
		assertThat(admin.get("components").size()).isGreaterThan(1);
	}

	private JsonNode health(String token) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return JsonMapper.builder()
			.build()
			.readTree(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
	}

	@Test
	void everyEndpointRefusesBadInputWithAProblemDetailAndAppendsNothing() {
		long events = storedEvents();
		long version = version();
		List<Case> cases = cases();
		for (Case c : cases) {
			ResponseEntity<String> response = send(c.call());
			assertThat(response.getStatusCode().value()).as(c.name() + ": " + response.getBody()).isEqualTo(c.status());
			assertThat(response.getHeaders().getContentType()).as(c.name())
				.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			JsonNode problem = this.json.readTree(response.getBody());
			assertThat(problem.get("type").asString()).as(c.name())
				.startsWith("https://incidents.nimbus.example/problems/");
			assertThat(problem.get("detail").asString()).as(c.name()).isNotBlank();
			if (c.field() != null) {
				assertThat(problem.has("errors")).as(c.name() + ": " + response.getBody()).isTrue();
				List<String> fields = new ArrayList<>();
				problem.get("errors").forEach((error) -> fields.add(error.get("field").asString()));
				assertThat(fields).as(c.name() + ": " + response.getBody()).contains(c.field());
			}
			assertThat(storedEvents()).as("events after " + c.name()).isEqualTo(events);
		}
		assertThat(version()).isEqualTo(version);
		assertThat(cases).hasSizeGreaterThan(70);
	}

	@Test
	void ifMatchWithTheCurrentVersionIsAcceptedAndAStaleOneGets412() {
		long current = version();
		ResponseEntity<String> accepted = send(new Call(HttpMethod.POST, "/api/incidents/" + this.incident + "/notes",
				"{\"text\":\"first\"}", "\"" + current + "\"", null));
		assertThat(accepted.getStatusCode().value()).isEqualTo(200);
		assertThat(this.json.readTree(accepted.getBody()).get("version").asLong()).isEqualTo(current + 1);

		ResponseEntity<String> stale = send(new Call(HttpMethod.POST, "/api/incidents/" + this.incident + "/notes",
				"{\"text\":\"second\"}", "\"" + current + "\"", null));
		assertThat(stale.getStatusCode().value()).isEqualTo(412);
		assertThat(this.json.readTree(stale.getBody()).get("currentVersion").asLong()).isEqualTo(current + 1);
		assertThat(version()).isEqualTo(current + 1);
	}

	@Test
	void aRetryWithTheSameIdempotencyKeyAppendsNothingAndAnotherBodyGets422() {
		String key = UUID.randomUUID().toString();
		Call note = new Call(HttpMethod.POST, "/api/incidents/" + this.incident + "/notes", "{\"text\":\"once\"}", null,
				key);
		long events = storedEvents();

		ResponseEntity<String> first = send(note);
		ResponseEntity<String> retry = send(note);

		assertThat(first.getStatusCode().value()).isEqualTo(200);
		assertThat(retry.getStatusCode().value()).isEqualTo(200);
		assertThat(retry.getBody()).isEqualTo(first.getBody());
		assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(storedEvents()).isEqualTo(events + 1);

		ResponseEntity<String> other = send(new Call(HttpMethod.POST, "/api/incidents/" + this.incident + "/notes",
				"{\"text\":\"twice\"}", null, key));
		assertThat(other.getStatusCode().value()).isEqualTo(422);
		assertThat(this.json.readTree(other.getBody()).get("type").asString()).endsWith("/idempotency-key-reused");
		assertThat(storedEvents()).isEqualTo(events + 1);
	}

	@Test
	void aDeclarationRetriedWithItsKeyNamesTheSameIncident() {
		Call declare = new Call(HttpMethod.POST, "/api/incidents",
				"{\"title\":\"t\",\"severity\":\"SEV3\",\"detectionSource\":\"MONITORING\",\"services\":[],\"regions\":[]}",
				null, "declare-" + UUID.randomUUID());
		ResponseEntity<String> first = send(declare);
		ResponseEntity<String> retry = send(declare);

		assertThat(first.getStatusCode().value()).isEqualTo(201);
		assertThat(retry.getStatusCode().value()).isEqualTo(201);
		assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
		assertThat(this.json.readTree(retry.getBody()).get("incidentId").asString())
			.isEqualTo(this.json.readTree(first.getBody()).get("incidentId").asString());
	}

	@Test
	void aBadRequestRetriedWithItsKeyGetsTheSameAnswer() {
		String key = UUID.randomUUID().toString();
		Call bad = new Call(HttpMethod.POST, "/api/incidents/" + this.incident + "/notes", "{}", null, key);
		ResponseEntity<String> first = send(bad);
		ResponseEntity<String> retry = send(bad);
		assertThat(first.getStatusCode().value()).isEqualTo(400);
		assertThat(retry.getStatusCode().value()).isEqualTo(400);
		assertThat(retry.getBody()).isEqualTo(first.getBody());
	}

	private List<String> eventsOf(String incidentId) {
		List<String> events = new ArrayList<>();
		for (Document event : this.mongo.getDatabase(this.database)
			.getCollection("domainevents")
			.find(new Document("aggregateIdentifier", incidentId))
			.sort(new Document("sequenceNumber", 1))) {
			events.add(event.getString("payloadType") + " " + event.getString("serializedPayload"));
		}
		return events;
	}

	@Test
	void theDeclarerCommandsUnlessTheyNameSomeoneElse() {
		ResponseEntity<String> declared = send(new Call(HttpMethod.POST, "/api/incidents",
				"{\"title\":\"t\",\"severity\":\"SEV3\",\"detectionSource\":\"CUSTOMER_REPORT\",\"services\":[],\"regions\":[]}",
				null, null));
		assertThat(declared.getStatusCode().value()).isEqualTo(201);
		JsonNode body = this.json.readTree(declared.getBody());
		assertThat(body.get("version").asLong()).as("IncidentDeclared 0, ResponderAssigned 1").isEqualTo(1);
		List<String> events = eventsOf(body.get("incidentId").asString());
		assertThat(events).hasSize(2);
		assertThat(events.get(0)).startsWith("IncidentDeclared ");
		assertThat(events.get(1)).startsWith("ResponderAssigned ")
			.contains("\"person\":\"dana@nimbus.example\"", "\"role\":\"COMMANDER\"");

		JsonNode chosen = ok(HttpMethod.POST, "/api/incidents",
				"{\"title\":\"t\",\"severity\":\"SEV3\",\"detectionSource\":\"CUSTOMER_REPORT\",\"services\":[],\"regions\":[],\"commander\":\" sam@nimbus.example \"}");
		List<String> chosenEvents = eventsOf(chosen.get("incidentId").asString());
		assertThat(chosenEvents).hasSize(2);
		assertThat(chosenEvents.get(1)).startsWith("ResponderAssigned ")
			.contains("\"person\":\"sam@nimbus.example\"", "\"role\":\"COMMANDER\"");
	}

	@Test
	void anImpactNamesOnlyCustomersWithAContract() {
		String contract = "{\"customerName\":\"Acme Corp\",\"activeUsers\":10,\"effectiveFrom\":\"2021-01-01T00:00:00Z\","
				+ "\"services\":[{\"service\":\"console\",\"regions\":[\"us-east-1\"],\"monthlyFee\":{\"amount\":\"100.00\",\"currency\":\"USD\"},"
				+ "\"sla\":{\"measurement\":\"ERROR_RATE\",\"tiers\":[{\"below\":\"99.9\",\"creditPercent\":\"10\"}]}}]}";
		String acme = "acme-" + UUID.randomUUID().toString().substring(0, 8);
		ok(HttpMethod.PUT, "/api/contracts/" + acme, contract);
		String impact = "{\"service\":\"console\",\"region\":\"us-east-1\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\"2021-12-07T15:30:00Z\",\"affectedCustomerIds\":";
		long events = storedEvents();

		ResponseEntity<String> refused = send(new Call(HttpMethod.POST, "/api/incidents/" + this.incident + "/impacts",
				impact + "[\"" + acme + "\",\"acme-typo\",\"globex-x\",\"acme-typo\"]}", null, null));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		JsonNode problem = this.json.readTree(refused.getBody());
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("affectedCustomerIds");
		assertThat(problem.get("detail").asString()).contains("no contract for customers acme-typo, globex-x")
			.doesNotContain(acme);
		assertThat(storedEvents()).isEqualTo(events);

		JsonNode accepted = ok(HttpMethod.POST, "/api/incidents/" + this.incident + "/impacts",
				impact + "[\"" + acme + "\"]}");
		assertThat(accepted.get("version").asLong()).isEqualTo(version());
		assertThat(storedEvents()).isEqualTo(events + 1);
	}

	@Test
	void anAdminReplacesTheCatalogListAndABadNameIsRefusedNamingIt() {
		String admin = TestInfrastructure.issuer().token("ops@nimbus.example", "ADMIN");
		var catalog = this.mongo.getDatabase(this.catalogDatabase).getCollection("catalog_admin");
		catalog.drop();

		ResponseEntity<String> stored = putCatalog(admin,
				"{\"services\":[\"object-storage\",\"api\",\"api\"],\"regions\":[\"eu-west-1\"]}");
		assertThat(stored.getStatusCode().value()).as(stored.getBody()).isEqualTo(200);
		JsonNode body = this.json.readTree(stored.getBody());
		assertThat(body.get("services").toString()).isEqualTo("[\"api\",\"object-storage\"]");
		assertThat(body.get("regions").toString()).isEqualTo("[\"eu-west-1\"]");
		assertThat(body.get("updatedBy").asString()).isEqualTo("ops@nimbus.example");
		Document document = catalog.find(new Document("_id", "admin")).first();
		assertThat(document.getList("services", String.class)).containsExactly("api", "object-storage");

		ResponseEntity<String> bad = putCatalog(admin, "{\"services\":[\"api\",\"Object Storage\"],\"regions\":[]}");
		assertThat(bad.getStatusCode().value()).isEqualTo(400);
		assertThat(bad.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode problem = this.json.readTree(bad.getBody());
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("services[1]");
		assertThat(problem.get("detail").asString()).contains("Object Storage");
		assertThat(
				putCatalog(admin, "{\"services\":[],\"regions\":[\"" + "r".repeat(64) + "\"]}").getStatusCode().value())
			.isEqualTo(400);
		assertThat(putCatalog(admin, "{\"services\":[]}").getStatusCode().value()).isEqualTo(400);
		assertThat(catalog.find(new Document("_id", "admin")).first().getList("services", String.class))
			.as("a refused edit changes nothing")
			.containsExactly("api", "object-storage");

		assertThat(putCatalog(CALLER, "{\"services\":[],\"regions\":[]}").getStatusCode().value())
			.as("RESPONDER and FINANCE may not edit the catalog")
			.isEqualTo(403);
	}

	private ResponseEntity<String> putCatalog(String token, String body) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (req, res) -> {
			})
			.build()
			.put()
			.uri("/api/catalog")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
	}

}
