package com.nimbus.incidents.query.status;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.status.StatusFeedCodec;
import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry.Kind;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
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
 * The anonymous Atom feed, served from the status feed document and read back with Rome:
 * its entries newest first with stable ids, only public text, links to the public status
 * page, and cacheable like the page: a strong {@code ETag}, {@code 304} on a matching
 * {@code If-None-Match}, {@code Cache-Control: public, max-age=5}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "status-page.refresh=250ms", "status-page.public-url=https://status.nimbus.example/",
				"status-page.feed-url=https://status.nimbus.example/api/status/feed.atom" })
class StatusFeedIT {

	private static final String DATABASE = "status_feed_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String INCIDENT = "INC-SECRETID02";

	private static final String PUBLIC_URL = "https://status.nimbus.example/";

	private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	private static StatusPageWindow window(Instant endedAt) {
		return new StatusPageWindow("object-storage", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE, T0, endedAt);
	}

	private static List<StatusFeedEntry> entries() {
		return List.of(
				new StatusFeedEntry("evt-impact", INCIDENT, 1, Kind.IMPACT_REPORTED, T0.plusSeconds(60), T0, null, null,
						null, window(null)),
				new StatusFeedEntry("evt-update", INCIDENT, 2, Kind.STATUS_UPDATE, T0.plusSeconds(120),
						T0.plusSeconds(100), "Slow object storage", UpdateStatus.IDENTIFIED,
						"Some requests to object storage fail.", null),
				new StatusFeedEntry("evt-end", INCIDENT, 3, Kind.IMPACT_ENDED, T0.plusSeconds(600), T0.plusSeconds(540),
						"Slow object storage", null, null, window(T0.plusSeconds(540))));
	}

	@BeforeEach
	void aFeedWithThreeEntries() {
		store(new StatusFeedDocument("epoch-1", 0, List.of()).plus(entries()));
		// the first requests to a fresh service are slow
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> get(null, null).statusCode() == 200 && parse(get(null, null).body()).getEntries().size() == 3);
	}

	@Test
	void theFeedListsThePublicChangesNewestFirstWithStableIdsAndLinksToTheStatusPage() throws Exception {
		HttpResponse<byte[]> response = get(null, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/atom+xml;charset=UTF-8");
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).doesNotContain(INCIDENT).doesNotContain("SECRET");
		SyndFeed feed = parse(response.body());
		assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
		assertThat(feed.getUri()).isEqualTo("tag:nimbus.example,2026:status-feed");
		assertThat(feed.getLinks()).extracting(SyndLink::getRel, SyndLink::getHref)
			.contains(org.assertj.core.groups.Tuple.tuple("alternate", PUBLIC_URL),
					org.assertj.core.groups.Tuple.tuple("self", "https://status.nimbus.example/api/status/feed.atom"));
		List<SyndEntry> entries = feed.getEntries();
		assertThat(entries).extracting(SyndEntry::getUri)
			.containsExactly("tag:nimbus.example,2026:status-feed:event:evt-end",
					"tag:nimbus.example,2026:status-feed:event:evt-update",
					"tag:nimbus.example,2026:status-feed:event:evt-impact");
		assertThat(entries).extracting(SyndEntry::getUpdatedDate)
			.containsExactly(Date.from(T0.plusSeconds(600)), Date.from(T0.plusSeconds(120)),
					Date.from(T0.plusSeconds(60)));
		assertThat(entries).extracting(SyndEntry::getTitle)
			.containsExactly("Partial outage of object-storage in eu-west-1 ended", "Slow object storage: Identified",
					"Partial outage of object-storage in eu-west-1 reported");
		assertThat(entries).extracting(SyndEntry::getLink).containsOnly(PUBLIC_URL);
		assertThat(entries.get(1).getContents().get(0).getValue()).startsWith("Some requests to object storage fail.");
		assertThat(entries.get(2).getContents().get(0).getValue()).contains("ongoing")
			.endsWith("We are investigating reports of degraded service.");
		assertThat(feed.getPublishedDate()).isEqualTo(Date.from(T0.plusSeconds(600)));
	}

	@Test
	void theFeedIsCacheableAndFollowsTheDocument() throws Exception {
		HttpResponse<byte[]> first = get(null, null);
		String etag = first.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).matches("\"[0-9a-f]{32}\"");
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=5");

		HttpResponse<byte[]> notModified = get(etag, null);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(get("W/" + etag, null).statusCode()).isEqualTo(304);

		HttpResponse<byte[]> zipped = get(null, "gzip");
		assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
			assertThat(in.readAllBytes()).isEqualTo(first.body());
		}

		StatusFeedEntry resolved = new StatusFeedEntry("evt-resolved", INCIDENT, 4, Kind.STATUS_UPDATE,
				T0.plusSeconds(900), T0.plusSeconds(900), "Slow object storage", UpdateStatus.RESOLVED,
				"Object storage works normally again.", null);
		store(new StatusFeedDocument("epoch-1", 0, List.of()).plus(entries()).plus(List.of(resolved)));
		Awaitility.await()
			.atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> get(etag, null).statusCode() == 200);
		SyndFeed feed = parse(get(etag, null).body());
		assertThat(feed.getEntries()).extracting(SyndEntry::getUri)
			.first()
			.isEqualTo("tag:nimbus.example,2026:status-feed:event:evt-resolved");
		assertThat(feed.getEntries()).hasSize(4);
	}

	@Test
	void theOpenApiDocumentDescribesTheFeed() throws Exception {
		HttpResponse<String> docs = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v3/api-docs"))
				.header("Authorization", "Bearer " + TestInfrastructure.issuer().token("vic@nimbus.example", "VIEWER"))
				.build(), HttpResponse.BodyHandlers.ofString());

		JsonNode feed = JsonMapper.builder().build().readTree(docs.body()).get("paths").get("/api/status/feed.atom");
		assertThat(feed.get("get").get("responses").get("200").get("content").has("application/atom+xml;charset=UTF-8"))
			.isTrue();
		assertThat(feed.get("get").get("responses").has("304")).isTrue();
	}

	private void store(StatusFeedDocument document) {
		this.mongo.getCollection(ReadModelCollections.STATUS_FEED)
			.replaceOne(new Document("_id", "public"), StatusFeedCodec.toDocument(document),
					new ReplaceOptions().upsert(true));
	}

	private static SyndFeed parse(byte[] body) throws Exception {
		return new SyndFeedInput().build(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
	}

	private HttpResponse<byte[]> get(String ifNoneMatch, String acceptEncoding) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/status/feed.atom"));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		if (acceptEncoding != null) {
			request.header("Accept-Encoding", acceptEncoding);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
