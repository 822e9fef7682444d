package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.get;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public status page in a real browser (Debian's headless Chromium) against the whole
 * local stack, signed out, on a laptop (1366x900) and a phone (390x844): two active
 * incidents (a major outage with public updates, internal ones beside them; a degraded
 * component) and one resolved. The page says the overall state in a sentence, lists the
 * affected components worst first, shows each incident's public updates newest first and
 * whole, never its internal title or notes, the 90-day figure as the query's days give
 * it, each day's exact uptime on focus, and the reader's local time beside UTC; on the
 * phone nothing scrolls sideways and the state and the affected components are on the
 * first screen. Screenshots land in {@code target/screenshots/status-<size>.png}.
 */
class ConsoleStatusPageBrowserIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** +5:30, so a local time cannot be mistaken for the UTC one. */
	private static final String READER_ZONE = "Asia/Kolkata";

	private static final String INTERNAL_TITLE = "INTERNAL db-17 failover gone wrong";

	private static final String INTERNAL_NOTE = "paging the DBA about replica lag";

	private static final String INTERNAL_UPDATE = "INTERNAL: rollback of build 4711 half done";

	private static final String LONG_UPDATE = "A bad deploy of the payment gateway is being rolled back region by region;"
			+ " checkouts in eu-west-1 fail for about one customer in three until it completes, and retried"
			+ " payments are not charged twice. Next update within 30 minutes.";

	private static Platform platform;

	private static ChromeDriver browser;

	private static String console;

	private static String query;

	@BeforeAll
	static void startThePlatformRecordIncidentsAndOpenABrowser() throws Exception {
		platform = LocalPlatform.start();
		console = platform.baseUrl(Component.CONSOLE);
		query = platform.baseUrl(Component.QUERY);
		String command = platform.baseUrl(Component.COMMAND);
		Api.bearer = platform.issuer().token("setup@nimbus.example", "RESPONDER");
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		String checkout = declare(command, INTERNAL_TITLE, "Checkout errors in eu-west-1", "checkout", "eu-west-1",
				now.minus(Duration.ofMinutes(40)));
		impact(command, checkout, "checkout", "eu-west-1", "MAJOR_OUTAGE", now.minus(Duration.ofMinutes(30)), null);
		update(command, checkout, "INVESTIGATING", "We are looking into failed checkouts.", true);
		update(command, checkout, "IDENTIFIED", INTERNAL_UPDATE, false);
		accepted(post(command + "/api/incidents/" + checkout + "/notes", json(Map.of("text", INTERNAL_NOTE))));
		update(command, checkout, "IDENTIFIED", LONG_UPDATE, true);

		String search = declare(command, "search p99 over budget", "Slow search", "search", "us-east-1",
				now.minus(Duration.ofMinutes(20)));
		impact(command, search, "search", "us-east-1", "DEGRADED_PERFORMANCE", now.minus(Duration.ofMinutes(15)), null);

		String uploads = declare(command, "s3 gateway thread pool exhausted", "Slow uploads", "object-storage",
				"eu-west-1", now.minus(Duration.ofHours(4)));
		impact(command, uploads, "object-storage", "eu-west-1", "PARTIAL_OUTAGE", now.minus(Duration.ofHours(3)),
				now.minus(Duration.ofHours(1)));
		update(command, uploads, "RESOLVED", "Uploads are fast again.", true);
		accepted(post(command + "/api/incidents/" + uploads + "/resolve", json(Map.of("summary", "pool resized"))));

		Awaitility.await("the status page with both active incidents and the resolved one")
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> accepted(get(query + "/api/status")), ConsoleStatusPageBrowserIT::showsAllThree);

		Files.createDirectories(SCREENSHOTS);
		ChromeOptions options = Chromium.options(1366, 900);
		browser = Chromium.start(options, PATIENCE);
		browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", READER_ZONE));
	}

	private static boolean showsAllThree(JsonNode page) {
		if (page.get("history").size() != 1) {
			return false;
		}
		int affected = 0;
		for (JsonNode component : page.get("services")) {
			if (!"OPERATIONAL".equals(component.get("status").asString())) {
				affected++;
			}
			if ("checkout".equals(component.get("service").asString())
					&& component.get("incidents").get(0).get("updates").size() != 2) {
				return false;
			}
		}
		return affected == 2;
	}

	@AfterAll
	static void stop() {
		Api.bearer = null;
		if (browser != null) {
			browser.quit();
		}
		if (platform != null) {
			platform.close();
		}
	}

	@ParameterizedTest(name = "{0}x{1}")
	@CsvSource({ "1366, 900, false", "390, 844, true" })
	void theStatusPageReadsWellSignedOut(int width, int height, boolean phone) throws IOException {
		browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", phone));
		browser.manage().deleteAllCookies();
		JsonNode status = openTheStatusPage();

		WebElement overall = browser.findElement(By.id("overall"));
		assertThat(overall.getText()).isEqualTo("Major outage affecting 2 components");
		List<WebElement> affected = browser.findElements(By.cssSelector("#affected li.component"));
		assertThat(affected).extracting((li) -> li.findElement(By.cssSelector(".name")).getText())
			.as("worst first")
			.containsExactly("checkout · eu-west-1", "search · us-east-1");
		assertThat(affected.get(0).findElement(By.cssSelector(".level")).getText()).isEqualTo("Major outage");
		assertThat(affected.get(1).findElement(By.cssSelector(".level")).getText()).isEqualTo("Degraded performance");
		assertThat(browser.findElement(By.cssSelector("#components")).getText()).contains("object-storage");

		WebElement incident = browser.findElement(By.xpath("//article[h3='Checkout errors in eu-west-1']"));
		assertThat(incident.findElements(By.cssSelector("ol.updates .message"))).extracting(WebElement::getText)
			.as("public updates, newest first, whole")
			.containsExactly(LONG_UPDATE, "We are looking into failed checkouts.");
		String page = browser.getPageSource();
		assertThat(page).doesNotContain(INTERNAL_TITLE, INTERNAL_NOTE, INTERNAL_UPDATE, "search p99 over budget");
		WebElement history = browser.findElement(By.id("history"));
		assertThat(history.getText()).contains("Slow uploads", "after 3 h", "1 update")
			.contains("object-storage · eu-west-1: Partial outage for 2 h");
		history.findElement(By.cssSelector("details summary")).click();
		assertThat(history.findElement(By.cssSelector("details ol.updates")).getText()).startsWith("Resolved ·")
			.endsWith("Uploads are fast again.");

		assertThat(affected.get(0).findElement(By.cssSelector(".figure")).getText())
			.isEqualTo(ninetyDays(uptime(status, "checkout", "eu-west-1")) + " uptime, 90 days");
		theLocalTimeStandsBesideTheUtcOne();
		focusShowsEachDaysUptime(affected.get(0), uptime(status, "checkout", "eu-west-1"));

		if (phone) {
			Number scrollWidth = (Number) browser.executeScript("return document.documentElement.scrollWidth;");
			Number innerWidth = (Number) browser.executeScript("return window.innerWidth;");
			assertThat(innerWidth.intValue()).isEqualTo(390);
			assertThat(scrollWidth.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(innerWidth.intValue());
			assertThat(bottom(overall)).as("the state on the first screen").isLessThanOrEqualTo(height);
			assertThat(bottom(affected.get(0).findElement(By.cssSelector(".head"))))
				.as("the first affected component on the first screen")
				.isLessThanOrEqualTo(height);
		}
		browser.executeScript("window.scrollTo(0, 0); document.activeElement.blur();");
		screenshot("status-" + width + "x" + height, false);
		screenshot("status-" + width + "x" + height + "-full", true);
	}

	@Test
	void theFeedIsReadFromTheConsoleWithoutSignIn() throws Exception {
		String path = "/status/feed.atom";
		HttpResponse<String> feed = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(console + path)).build(), HttpResponse.BodyHandlers.ofString());

		assertThat(feed.statusCode()).isEqualTo(200);
		assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
		assertThat(feed.body()).contains("Checkout errors in eu-west-1", "We are looking into failed checkouts.")
			.doesNotContain(INTERNAL_TITLE, INTERNAL_NOTE, INTERNAL_UPDATE);
		String etag = feed.headers().firstValue("ETag").orElseThrow();
		assertThat(HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(console + path)).header("If-None-Match", etag).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(304);
	}

	/**
	 * Opens the page and reads the status page it was rendered from: the query renders a
	 * new one every minute while a window is open (today's uptime follows the clock), so
	 * the one whose generatedAt the page shows, read again if it moved on meanwhile.
	 */
	private static JsonNode openTheStatusPage() {
		return Awaitility.await("the page and the query's status page of the same render")
			.atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> {
				Chromium.open(browser, console + "/status", PATIENCE);
				String shown = browser.findElement(By.cssSelector(".updated time")).getDomAttribute("datetime");
				JsonNode page = accepted(get(query + "/api/status"));
				Instant generated = Instant.parse(page.get("generatedAt").asString()).truncatedTo(ChronoUnit.SECONDS);
				return generated.toString().equals(shown) ? page : null;
			}, Objects::nonNull);
	}

	/** The generated-at time: UTC to the minute, the reader's (+5:30) beside it. */
	private static void theLocalTimeStandsBesideTheUtcOne() {
		WebElement updated = browser.findElement(By.cssSelector(".updated"));
		Instant generated = Instant.parse(updated.findElement(By.cssSelector("time")).getDomAttribute("datetime"));
		String utc = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
			.withZone(ZoneOffset.UTC)
			.format(generated);
		String local = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
			.withZone(ZoneId.of(READER_ZONE))
			.format(generated);
		assertThat(updated.getText()).contains(utc);
		assertThat(updated.findElement(By.cssSelector(".local")).getText()).contains(local, "your time");
	}

	/**
	 * Today's cell takes the focus and its tip shows the day's exact uptime; the left
	 * arrow moves to yesterday, whose tip shows that day's.
	 */
	private static void focusShowsEachDaysUptime(WebElement component, JsonNode uptime) {
		WebElement today = component.findElement(By.cssSelector(".bar .day[tabindex='0']"));
		assertThat(tip(today)).as("no tip before focus").isEqualTo("none");
		browser.executeScript("arguments[0].focus();", today);
		JsonNode daily = uptime.get("daily");
		LocalDate day = LocalDate.now(ZoneOffset.UTC);
		assertThat(tip(today)).isEqualTo("\"" + label(day, daily.get(daily.size() - 1).asString()) + "\"");
		assertThat(today.getDomAttribute("aria-label")).isEqualTo(label(day, daily.get(daily.size() - 1).asString()));
		new Actions(browser).sendKeys(Keys.ARROW_LEFT).perform();
		WebElement focused = browser.switchTo().activeElement();
		assertThat(focused.getDomAttribute("aria-label"))
			.isEqualTo(label(day.minusDays(1), daily.get(daily.size() - 2).asString()));
		assertThat(tip(focused)).isEqualTo("\"" + focused.getDomAttribute("aria-label") + "\"");
	}

	private static String tip(WebElement cell) {
		return (String) browser.executeScript("return getComputedStyle(arguments[0], '::after').content;", cell);
	}

	/** "30 Nov 2026: 97.9166 %", as the page labels a day. */
	private static String label(LocalDate day, String share) {
		return DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).format(day) + ": "
				+ percent(new BigDecimal(share));
	}

	private static String percent(BigDecimal share) {
		return share.movePointRight(2).setScale(4, RoundingMode.DOWN).toPlainString() + " %";
	}

	/**
	 * The mean of the component's days as the query serves them, 4 decimals, rounded
	 * down.
	 */
	private static String ninetyDays(JsonNode uptime) {
		JsonNode daily = uptime.get("daily");
		BigDecimal sum = BigDecimal.ZERO;
		for (JsonNode day : daily) {
			sum = sum.add(new BigDecimal(day.asString()));
		}
		return percent(sum.divide(BigDecimal.valueOf(daily.size()), 8, RoundingMode.DOWN));
	}

	private static JsonNode uptime(JsonNode status, String service, String region) {
		for (JsonNode component : status.get("uptime")) {
			if (component.get("service").asString().equals(service)
					&& component.get("region").asString().equals(region)) {
				return component;
			}
		}
		throw new AssertionError("The status page has no uptime for " + service + " in " + region + ": " + status);
	}

	private static long bottom(WebElement element) {
		return ((Number) browser.executeScript("return arguments[0].getBoundingClientRect().bottom;", element))
			.longValue();
	}

	private static String declare(String command, String title, String publicTitle, String service, String region,
			Instant declaredAt) throws Exception {
		return accepted(post(command + "/api/incidents",
				json(Map.of("title", title, "publicTitle", publicTitle, "severity", "SEV2", "detectionSource",
						"MONITORING", "declaredAt", declaredAt.toString(), "services", List.of(service), "regions",
						List.of(region)))))
			.get("incidentId")
			.asString();
	}

	private static void impact(String command, String incident, String service, String region, String level,
			Instant startedAt, Instant endedAt) throws Exception {
		Map<String, Object> impact = new LinkedHashMap<>(
				Map.of("service", service, "region", region, "level", level, "startedAt", startedAt.toString()));
		if (endedAt != null) {
			impact.put("endedAt", endedAt.toString());
		}
		accepted(post(command + "/api/incidents/" + incident + "/impacts", json(impact)));
	}

	private static void update(String command, String incident, String state, String message, boolean published)
			throws Exception {
		accepted(post(command + "/api/incidents/" + incident + "/status-updates",
				json(Map.of("status", state, "message", message, "public", published))));
	}

	private static String json(Object value) {
		return Api.JSON.writeValueAsString(value);
	}

	/**
	 * @param whole the whole page rather than the screen
	 */
	private static void screenshot(String name, boolean whole) throws IOException {
		Map<String, Object> params = new HashMap<>(Map.of("format", "png"));
		if (whole) {
			Number width = (Number) browser.executeScript("return document.documentElement.scrollWidth;");
			Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight;");
			params.put("captureBeyondViewport", true);
			params.put("clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1));
		}
		String png = (String) browser.executeCdpCommand("Page.captureScreenshot", params).get("data");
		Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode(png));
	}

}
