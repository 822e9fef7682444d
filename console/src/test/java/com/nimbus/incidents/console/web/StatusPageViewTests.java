package com.nimbus.incidents.console.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public status page of the console, signed out, rendered from a status page as
 * incident-query serves it (a stub answering like its {@code StatusPageFilter}: an
 * {@code ETag}, {@code 304} to a matching {@code If-None-Match}, {@code 503} before the
 * first render): the sentence, affected components first, each active incident once with
 * its updates newest first, uptime to 4 decimals, readable durations and times, and only
 * the fields the page names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusPageViewTests {

	private static final String DAILY = String.join(",", Collections.nCopies(89, "\"1.0000\"")) + ",\"0.7500\"";

	private static final String UPDATES = """
			[{"status":"INVESTIGATING","message":"Looking into DNS","occurredAt":"2026-11-30T06:10:00.123456789Z"},
			 {"status":"IDENTIFIED","message":"Found the cause: a bad resolver config","occurredAt":"2026-11-30T07:00:00Z"}]""";

	// with fields a status page never has (an id, an internal title, notes, customers):
	// the
	// console shows only the fields it names, so even these would not reach the page
	private static final String PAGE = """
			{"generatedAt":"2026-11-30T12:00:00.987654321Z","overall":"MAJOR_OUTAGE",
			 "services":[
			  {"service":"compute","region":"eu-west-1","status":"PARTIAL_OUTAGE","incidents":[
			   {"title":"DNS failures","level":"PARTIAL_OUTAGE","since":"2026-11-30T06:30:00Z","latestStatus":"IDENTIFIED",
			    "incidentId":"inc-secret-42","internalTitle":"INTERNAL db-17 failover","notes":["page the DBA"],
			    "affectedCustomerIds":["acme"],"updates":%1$s}]},
			  {"service":"dns","region":"us-east-1","status":"MAJOR_OUTAGE","incidents":[
			   {"title":"DNS failures","level":"MAJOR_OUTAGE","since":"2026-11-30T06:00:00Z","latestStatus":"IDENTIFIED",
			    "latestMessage":"Found the cause: a bad resolver config","latestUpdateAt":"2026-11-30T07:00:00Z","updates":%1$s}]},
			  {"service":"object-storage","region":"eu-west-1","status":"OPERATIONAL","incidents":[]}],
			 "history":[{"title":"Slow uploads","resolvedAt":"2026-11-20T18:00:00Z",
			   "updates":[{"status":"RESOLVED","message":"Uploads are fast again","occurredAt":"2026-11-20T18:00:00Z"}],
			   "windows":[{"service":"object-storage","region":"eu-west-1","level":"PARTIAL_OUTAGE",
			     "startedAt":"2026-11-20T16:02:00Z","endedAt":"2026-11-20T18:00:00Z"}]}],
			 "uptime":[{"service":"dns","region":"us-east-1","from":"2026-09-02","daily":[%2$s]}]}
			"""
		.formatted(UPDATES, DAILY);

	private static final String FEED = "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Nimbus status</title></feed>";

	private static final AtomicBoolean ready = new AtomicBoolean(true);

	private static final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();

	private static final HttpServer query = stub();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void apis(DynamicPropertyRegistry registry) throws IOException, NoSuchAlgorithmException {
		// local sign-in, as ./platform up runs the console
		Path keys = Files.createTempDirectory("console-keys");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		Files.writeString(keys.resolve("jwt-private.pem"),
				"-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n");
		registry.add("console.local-key-dir", keys::toString);
		String url = "http://127.0.0.1:" + query.getAddress().getPort();
		registry.add("console.command-url", () -> url);
		registry.add("console.query-url", () -> url);
	}

	private static HttpServer stub() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/api/status", (exchange) -> {
				boolean feed = exchange.getRequestURI().getPath().equals("/api/status/feed.atom");
				String etag = feed ? "\"feed-1\"" : "\"page-1\"";
				String asked = exchange.getRequestHeaders().getFirst("If-None-Match");
				if (!feed && asked != null) {
					ifNoneMatch.add(asked);
				}
				if (!ready.get()) {
					send(exchange, 503, "application/problem+json",
							"{\"status\":503,\"detail\":\"The status page is being prepared; ask again in a second\"}");
					return;
				}
				exchange.getResponseHeaders().set("ETag", etag);
				exchange.getResponseHeaders().set("Cache-Control", "public, max-age=5");
				if (etag.equals(asked)) {
					exchange.sendResponseHeaders(304, -1);
					exchange.close();
					return;
				}
				send(exchange, 200, feed ? "application/atom+xml;charset=UTF-8" : "application/json",
						feed ? FEED : PAGE);
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	@AfterAll
	static void stop() {
		query.stop(0);
	}

	@BeforeEach
	void queryIsReady() {
		ready.set(true);
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void signedOutTheOverallStateComesFirstThenAffectedComponentsWorstFirst() throws Exception {
		HttpResponse<String> page = get("/status");

		assertThat(page.statusCode()).isEqualTo(200);
		String body = page.body();
		assertThat(body)
			.contains("<p id=\"overall\" class=\"overall-state MAJOR_OUTAGE\">Major outage affecting 2 components</p>");
		assertThat(body.indexOf("Major outage affecting")).isLessThan(body.indexOf("id=\"affected\""));
		int affected = body.indexOf("id=\"affected\"");
		int others = body.indexOf("id=\"components\"");
		assertThat(body.indexOf("dns · us-east-1", affected)).as("the major outage first")
			.isGreaterThan(affected)
			.isLessThan(body.indexOf("compute · eu-west-1", affected));
		assertThat(body.indexOf("object-storage", others)).as("the operational one under its service, after")
			.isGreaterThan(body.indexOf("compute · eu-west-1", affected));
		assertThat(body).contains("Other components").contains("<span>object-storage</span>");
		assertThat(body).doesNotContain(">MAJOR_OUTAGE<")
			.doesNotContain(">PARTIAL_OUTAGE<")
			.doesNotContain(">OPERATIONAL<");
	}

	@Test
	void eachActiveIncidentShowsOnceWithItsWholeUpdatesNewestFirst() throws Exception {
		String body = get("/status").body();

		int incidents = body.indexOf("id=\"incidents\"");
		assertThat(body.indexOf("<h3>DNS failures</h3>")).isGreaterThan(incidents);
		assertThat(body.indexOf("<h3>DNS failures</h3>")).isEqualTo(body.lastIndexOf("<h3>DNS failures</h3>"));
		assertThat(body).contains("<p class=\"facts\"><span class=\"level MAJOR_OUTAGE\">Major outage</span>")
			.contains("dns · us-east-1 (Major outage), compute · eu-west-1 (Partial outage)");
		int newest = body.indexOf("Found the cause: a bad resolver config", incidents);
		int oldest = body.indexOf("Looking into DNS", incidents);
		assertThat(newest).isPositive().isLessThan(oldest);
		assertThat(body)
			.contains("<time class=\"instant\" datetime=\"2026-11-30T06:10:00Z\">2026-11-30 06:10 UTC</time>")
			.contains("datetime=\"2026-11-30T12:00:00Z\">2026-11-30 12:00 UTC</time>")
			.doesNotContain("123456789")
			.doesNotContain("987654321");
	}

	@Test
	void uptimeShowsTheNinetyDayFigureAndEachDayToFourDecimals() throws Exception {
		String body = get("/status").body();

		// (89 + 0.75) / 90 = 0.997222...
		assertThat(body).contains("99.7222 % uptime, 90 days")
			.contains("<span class=\"day up\" role=\"img\" aria-label=\"2 Sep 2026: 100.0000 %\"></span>")
			.contains(
					"<span class=\"day down\" role=\"img\" aria-label=\"30 Nov 2026: 75.0000 %\" tabindex=\"0\"></span>");
		assertThat(body.split("class=\"day ", -1)).as("90 cells").hasSize(91);
		assertThat(body.split("tabindex=\"0\"", -1)).as("one tab stop per bar: today").hasSize(2);
	}

	@Test
	void theHistoryHasReadableDurationsAndTheSubscribeLinks() throws Exception {
		String body = get("/status").body();

		int history = body.indexOf("id=\"history\"");
		assertThat(body.indexOf("Slow uploads")).isGreaterThan(history);
		assertThat(body).contains("after <span class=\"lasted\">1 h 58 min</span>")
			.contains("<span>Partial outage</span>")
			.contains("Uploads are fast again")
			.contains("href=\"/status/feed.atom\"")
			.contains("<a id=\"subscriptions-link\" href=\"/subscriptions\">");
	}

	@Test
	void nothingButThePublicFieldsReachesThePage() throws Exception {
		String body = get("/status").body();

		assertThat(body).doesNotContain("inc-secret-42")
			.doesNotContain("INTERNAL db-17")
			.doesNotContain("page the DBA")
			.doesNotContain("acme");
	}

	@Test
	void aSecondReadAsksWithTheEntityTagAndRendersTheSameFromTheKeptView() throws Exception {
		String first = get("/status").body();
		ifNoneMatch.clear();

		String second = get("/status").body();

		assertThat(ifNoneMatch).containsExactly("\"page-1\"");
		assertThat(second).contains("Major outage affecting 2 components").contains("99.7222 % uptime, 90 days");
		assertThat(second.replaceAll("\\d+ (min|h|d) ago|just now", ""))
			.isEqualTo(first.replaceAll("\\d+ (min|h|d) ago|just now", ""));
	}

	@Test
	void aQueryNotReadyYetIsSaidOnThePage() throws Exception {
		ready.set(false);

		HttpResponse<String> page = get("/status");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("The status page is being prepared; ask again in a second")
			.doesNotContain("id=\"overall\"");
	}

	@Test
	void theFeedIsServedUnderTheConsoleOriginConditionally() throws Exception {
		HttpResponse<String> feed = get("/status/feed.atom");

		assertThat(feed.statusCode()).isEqualTo(200);
		assertThat(feed.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/atom+xml"));
		assertThat(feed.headers().firstValue("ETag")).hasValue("\"feed-1\"");
		assertThat(feed.headers().firstValue("Cache-Control")).hasValue("public, max-age=5");
		assertThat(feed.body()).isEqualTo(FEED);

		assertThat(get("/status/feed.atom", "If-None-Match", "\"feed-1\"").statusCode()).isEqualTo(304);
	}

}
