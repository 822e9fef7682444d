package com.nimbus.incidents.query.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.status.StatusPageCodec;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The anonymous status page, served from the status page document: it says only what was
 * published (never the incident's id, which keys the document), follows the document
 * within the refresh period, and is cacheable: a strong {@code ETag},
 * {@code Cache-Control: public, max-age=5}, {@code 304} on a matching
 * {@code If-None-Match}, and a gzipped form for clients that accept it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "status-page.refresh=250ms")
class PublicStatusIT {

	private static final String DATABASE = "status_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String INCIDENT = "INC-SECRETID01";

	private static final String INVESTIGATING = "We are investigating reports of degraded service";

	/**
	 * How long the page may take to follow the document: the refresh period and a render.
	 */
	private static final Duration FOLLOWS_WITHIN = Duration.ofMillis(250 + 750);

	private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	/**
	 * An incident with open impact that published nothing, as the projector stores it.
	 */
	@BeforeEach
	void anIncidentThatPublishedNothing() {
		store(new StatusPageDocument("epoch-1", 1, List.of(incident(null, List.of()))));
		// the first requests to a fresh service are slow
		awaitPage((page) -> page.get("services").size() == 1 && page.toString().contains(INVESTIGATING),
				Duration.ofSeconds(20));
	}

	private static StatusPageIncident incident(String publicTitle, List<StatusPageUpdate> updates) {
		return new StatusPageIncident(INCIDENT, 4, IncidentStatus.OPEN, STARTED, null, publicTitle,
				List.of(new StatusPageWindow("object-storage", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE, STARTED, null)),
				updates);
	}

	@Test
	void anIncidentThatPublishedNothingShowsOnlyItsComponentsAndTheGenericText() throws Exception {
		HttpResponse<String> response = get(null, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("object-storage").doesNotContain(INCIDENT).doesNotContain("SECRET");
		JsonNode storage = component(this.json.readTree(response.body()), "object-storage", "eu-west-1");
		assertThat(storage.get("status").asString()).isEqualTo("PARTIAL_OUTAGE");
		JsonNode incident = storage.get("incidents").get(0);
		assertThat(incident.get("title").asString()).isEqualTo(INVESTIGATING);
		assertThat(incident.get("latestMessage").isNull()).isTrue();
		assertThat(incident.get("updates")).isEmpty();
		JsonNode uptime = this.json.readTree(response.body()).get("uptime").get(0);
		assertThat(uptime.get("daily")).hasSize(90);
		assertThat(uptime.get("daily").get(0).asString()).isEqualTo("1.0000");
	}

	@Test
	void thePageFollowsTheDocumentWithinTheRefreshPeriod() throws Exception {
		StatusPageUpdate update = new StatusPageUpdate(UpdateStatus.IDENTIFIED, "Some requests to object storage fail.",
				STARTED.plusSeconds(600), 5);
		Instant written = Instant.now();
		store(new StatusPageDocument("epoch-1", 2, List.of(incident("Elevated errors in eu-west-1", List.of(update)))));

		JsonNode page = awaitPage((shown) -> shown.toString().contains("Elevated errors in eu-west-1"));

		assertThat(Duration.between(written, Instant.now())).isLessThan(FOLLOWS_WITHIN);
		JsonNode incident = component(page, "object-storage", "eu-west-1").get("incidents").get(0);
		assertThat(incident.get("latestMessage").asString()).isEqualTo("Some requests to object storage fail.");
		assertThat(incident.get("latestStatus").asString()).isEqualTo("IDENTIFIED");
		assertThat(incident.get("updates").get(0).get("message").asString())
			.isEqualTo("Some requests to object storage fail.");
		assertThat(page.toString()).doesNotContain(INVESTIGATING).doesNotContain(INCIDENT);

		// a rebuild stores the document again from version 1, in a new epoch
		store(new StatusPageDocument("epoch-2", 1, List.of()));
		JsonNode rebuilt = awaitPage((shown) -> shown.get("services").isEmpty());
		assertThat(rebuilt.get("overall").asString()).isEqualTo("OPERATIONAL");
	}

	@Test
	void aStrongEtagAndPublicCachingForAFewSeconds() throws Exception {
		HttpResponse<String> response = get(null, null);

		String etag = response.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).matches("\"[0-9a-f]{32}\"");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=5");
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		assertThat(response.headers().allValues("Pragma")).isEmpty();
		assertThat(get(null, null).headers().firstValue("ETag")).hasValue(etag);
	}

	@Test
	void aMatchingIfNoneMatchGetsNotModifiedWithoutABody() throws Exception {
		String etag = get(null, null).headers().firstValue("ETag").orElseThrow();

		for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"something-else\", " + etag, "*")) {
			HttpResponse<String> response = get(ifNoneMatch, null);
			assertThat(response.statusCode()).as(ifNoneMatch).isEqualTo(304);
			assertThat(response.body()).as(ifNoneMatch).isEmpty();
			assertThat(response.headers().firstValue("ETag")).as(ifNoneMatch).hasValue(etag);
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=5");
		}
		assertThat(get("\"something-else\"", null).statusCode()).isEqualTo(200);
	}

	@Test
	void anOldEtagGetsTheNewPage() throws Exception {
		String old = get(null, null).headers().firstValue("ETag").orElseThrow();
		store(new StatusPageDocument("epoch-1", 2, List.of(incident("Published", List.of()))));
		awaitPage((page) -> page.toString().contains("Published"));

		HttpResponse<String> response = get(old, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(old);
	}

	@Test
	void aClientThatAcceptsGzipGetsTheSamePageGzippedUnderItsOwnTag() throws Exception {
		HttpResponse<String> plain = get(null, null);

		HttpResponse<byte[]> zipped = this.http.send(request(null, "gzip, deflate, br").build(),
				HttpResponse.BodyHandlers.ofByteArray());

		assertThat(zipped.statusCode()).isEqualTo(200);
		assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
		assertThat(new String(gunzip(zipped.body()), StandardCharsets.UTF_8)).isEqualTo(plain.body());
		String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
		assertThat(zippedTag).isNotEqualTo(plain.headers().firstValue("ETag").orElseThrow());
		assertThat(get(zippedTag, "gzip").statusCode()).isEqualTo(304);
	}

	@Test
	void headAnswersTheHeadersWithoutTheBody() throws Exception {
		HttpResponse<String> head = this.http.send(
				request(null, null).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("ETag")).isEqualTo(get(null, null).headers().firstValue("ETag"));
	}

	@Test
	void theOpenApiDocumentDescribesThePage() throws Exception {
		HttpResponse<String> docs = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v3/api-docs"))
				.header("Authorization", "Bearer " + TestInfrastructure.issuer().token("vic@nimbus.example", "VIEWER"))
				.build(), HttpResponse.BodyHandlers.ofString());

		JsonNode api = this.json.readTree(docs.body());
		JsonNode ok = api.get("paths").get("/api/status").get("get").get("responses").get("200");
		assertThat(ok.get("content").get("application/json").get("schema").get("$ref").asString())
			.endsWith("/StatusPage");
		assertThat(api.get("components").get("schemas").get("StatusPage").get("properties").has("uptime")).isTrue();
	}

	private void store(StatusPageDocument document) {
		this.mongo.getCollection(ReadModelCollections.STATUS_PAGE)
			.replaceOne(new Document("_id", "public"), StatusPageCodec.toDocument(document),
					new ReplaceOptions().upsert(true));
	}

	private JsonNode awaitPage(Predicate<JsonNode> shows) {
		return awaitPage(shows, FOLLOWS_WITHIN);
	}

	private JsonNode awaitPage(Predicate<JsonNode> shows, Duration within) {
		JsonNode[] page = new JsonNode[1];
		Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
			page[0] = this.json.readTree(get(null, null).body());
			return shows.test(page[0]);
		});
		return page[0];
	}

	private static JsonNode component(JsonNode page, String service, String region) {
		for (JsonNode component : page.get("services")) {
			if (component.get("service").asString().equals(service)
					&& component.get("region").asString().equals(region)) {
				return component;
			}
		}
		throw new AssertionError("no " + service + "/" + region + " in " + page);
	}

	private HttpRequest.Builder request(String ifNoneMatch, String acceptEncoding) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/status"));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		if (acceptEncoding != null) {
			request.header("Accept-Encoding", acceptEncoding);
		}
		return request;
	}

	private HttpResponse<String> get(String ifNoneMatch, String acceptEncoding)
			throws IOException, InterruptedException {
		return this.http.send(request(ifNoneMatch, acceptEncoding).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] gunzip(byte[] bytes) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return in.readAllBytes();
		}
	}

}
