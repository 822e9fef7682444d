package com.nimbus.incidents.notifier.export;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exporter against a real HTTP server answering as the query service does: the public
 * page and its feed with entity tags, {@code 304} on a match.
 */
class StatusExporterTest {

	private static final String PAGE = """
			{"generatedAt":"2026-11-30T15:02:11.123Z","overall":"MAJOR_OUTAGE",
			 "services":[
			  {"service":"checkout","region":"eu-west-1","status":"MAJOR_OUTAGE","incidents":[
			   {"title":"Checkout <script>alert(1)</script> errors","level":"MAJOR_OUTAGE","since":"2026-11-30T14:40:00Z",
			    "latestStatus":"IDENTIFIED","latestMessage":"Rolling back","latestUpdateAt":"2026-11-30T14:55:00Z",
			    "updates":[{"status":"INVESTIGATING","message":"Looking into it","occurredAt":"2026-11-30T14:45:00Z"},
			               {"status":"IDENTIFIED","message":"Rolling back & watching","occurredAt":"2026-11-30T14:55:00Z"}]}]},
			  {"service":"search","region":"eu-west-1","status":"OPERATIONAL","incidents":[]}],
			 "history":[{"title":"Slow logins","resolvedAt":"2026-11-20T10:00:00Z",
			   "updates":[{"status":"RESOLVED","message":"Fixed","occurredAt":"2026-11-20T10:00:00Z"}],
			   "windows":[{"service":"login","region":"us-east-1","level":"PARTIAL_OUTAGE",
			               "startedAt":"2026-11-20T09:00:00Z","endedAt":"2026-11-20T10:00:00Z"}]}],
			 "uptime":[{"service":"checkout","region":"eu-west-1","from":"2026-11-29",
			   "daily":["1.0000","0.9847"]}]}
			""";

	private static final String FEED = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";

	@TempDir
	Path dir;

	private HttpServer server;

	private volatile String page = PAGE;

	private final AtomicInteger pageAnswers = new AtomicInteger();

	@BeforeEach
	void serve() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
		this.server.createContext("/api/status/feed.atom", (exchange) -> answer(exchange, FEED, "\"f1\""));
		this.server.createContext("/api/status", (exchange) -> {
			this.pageAnswers.incrementAndGet();
			answer(exchange, this.page, "\"p" + this.page.hashCode() + "\"");
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private static void answer(HttpExchange exchange, String body, String tag) throws IOException {
		try (exchange) {
			exchange.getResponseHeaders().add("ETag", tag);
			if (tag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
				exchange.sendResponseHeaders(304, -1);
				return;
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

	private StatusExporter exporter() {
		return new StatusExporter(new StatusExportProperties(this.dir,
				"http://127.0.0.1:" + this.server.getAddress().getPort(), Duration.ofSeconds(1)),
				Clock.fixed(Instant.parse("2026-11-30T15:03:00Z"), ZoneOffset.UTC));
	}

	@Test
	void writesThePageItsFeedAndTheHtmlWholeAndOnlyOnAChange() throws Exception {
		StatusExporter exporter = exporter();

		assertThat(exporter.refresh()).isTrue();
		assertThat(read("status.json")).isEqualTo(PAGE);
		assertThat(read("feed.atom")).isEqualTo(FEED);
		String html = read("index.html");
		assertThat(html).contains("Major outage: 1 component affected")
			.contains("Checkout &lt;script&gt;alert(1)&lt;/script&gt; errors")
			.doesNotContain("<script>")
			.contains("Rolling back &amp; watching")
			.contains("checkout in eu-west-1 (Major outage)")
			.contains("As of 2026-11-30 15:02 UTC")
			.contains("Slow logins")
			.contains("login in us-east-1 partial outage 2026-11-20 09:00 UTC to 2026-11-20 10:00 UTC")
			.contains("checkout in eu-west-1: 99.2350 %")
			.contains("title=\"2026-11-30: 98.47 %\"");
		// newest update first
		assertThat(html.indexOf("Rolling back &amp; watching")).isLessThan(html.indexOf("Looking into it"));
		assertThat(exporter.exportedAt()).isEqualTo(Instant.parse("2026-11-30T15:03:00Z"));

		Instant written = Files.getLastModifiedTime(this.dir.resolve("index.html")).toInstant();
		assertThat(exporter.refresh()).as("304 for both: nothing written").isFalse();
		assertThat(Files.getLastModifiedTime(this.dir.resolve("index.html")).toInstant()).isEqualTo(written);

		this.page = PAGE.replace("\"overall\":\"MAJOR_OUTAGE\"", "\"overall\":\"OPERATIONAL\"")
			.replace("\"status\":\"MAJOR_OUTAGE\"", "\"status\":\"OPERATIONAL\"");
		assertThat(exporter.refresh()).isTrue();
		assertThat(read("index.html")).contains("All systems operational");
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files.map((file) -> file.getFileName().toString()).sorted()).as("no temporary file left")
				.containsExactly("feed.atom", "index.html", "status.json");
		}
	}

	@Test
	void keepsTheLastPageWhenTheQueryServiceIsAway() throws Exception {
		StatusExporter exporter = exporter();
		exporter.refresh();
		String html = read("index.html");
		this.server.stop(0);

		assertThatThrownBy(exporter::refresh).isInstanceOf(IOException.class);

		assertThat(read("index.html")).isEqualTo(html);
		assertThat(read("status.json")).isEqualTo(PAGE);
	}

	@Test
	void uptimeIsTheMeanOfTheDaysRoundedDown() {
		var json = tools.jackson.databind.json.JsonMapper.builder().build();
		assertThat(StatusPageHtml.percent(json.readTree("[\"1.0000\",\"0.9999\",\"1.0000\"]"))).isEqualTo("99.9966");
		assertThat(StatusPageHtml.percent(json.readTree("[\"1.0000\"]"))).isEqualTo("100.0000");
		assertThat(StatusPageHtml.percent(json.readTree("[\"0.0000\",\"1.0000\"]"))).isEqualTo("50.0000");
	}

	private String read(String name) throws IOException {
		return Files.readString(this.dir.resolve(name), StandardCharsets.UTF_8);
	}

}
