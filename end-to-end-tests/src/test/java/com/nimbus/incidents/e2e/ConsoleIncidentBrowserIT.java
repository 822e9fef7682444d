package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One incident in a real browser (Debian's headless Chromium, as in
 * {@link ConsoleBrowserIT}) against the whole local stack, on a laptop (1366x900) and a
 * phone (390x844). For each size a responder opens an incident declared through the API,
 * finds the composer within the first screen, writes a public update without the mouse
 * ({@code p}, type, Ctrl+Enter) and sees it on the timeline within two seconds; a refused
 * update comes back to a URL that reloads; once the incident is resolved the responder
 * publishes a postmortem (root cause, resolution, lessons, action items with owners, a
 * row added by script) and sees the draft's tables rendered as tables, then reopens the
 * incident with a reason. An unknown incident is a "Not found" page. Screenshots land in
 * {@code target/screenshots} as {@code incident-1366x900.png},
 * {@code postmortem-390x844.png} and so on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIncidentBrowserIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final List<Dimension> SIZES = List.of(new Dimension(1366, 900), new Dimension(390, 844));

	private static Platform platform;

	private static ChromeDriver browser;

	private static String console;

	private static String command;

	private static String query;

	private static String incident;

	@BeforeAll
	static void startThePlatformAndABrowser() throws Exception {
		platform = LocalPlatform.start();
		console = platform.baseUrl(Component.CONSOLE);
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		Api.bearer = platform.issuer().token("setup@nimbus.example", "RESPONDER", "VIEWER");
		Files.createDirectories(SCREENSHOTS);
		ChromeOptions options = Chromium.options(1366, 900);
		browser = Chromium.start(options, PATIENCE);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	@Order(1)
	void aResponderSignsInAndOpensAnIncidentDeclaredThroughTheApi() throws Exception {
		Instant declared = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
		JsonNode created = accepted(post(command + "/api/incidents",
				"""
						{"title":"eu-central-1: checkout errors (incident page)","severity":"SEV2","detectionSource":"MONITORING",
						 "detectedAt":"%s","declaredAt":"%s","services":["checkout"],"regions":["eu-central-1"]}"""
					.formatted(declared.minusSeconds(420), declared)));
		incident = created.get("incidentId").asString();
		awaitVersion(query + "/api/incidents/" + incident, created.get("version").asLong());

		Chromium.open(browser, console + "/login", PATIENCE);
		browser.findElement(By.id("user")).sendKeys("robin@nimbus.example");
		browser.findElement(By.id("role-RESPONDER")).click();
		navigate(browser.findElement(By.id("sign-in")));
		Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
		assertThat(browser.findElement(By.tagName("h1")).getText())
			.isEqualTo("eu-central-1: checkout errors (incident page)");
		// metrics in words: detected 7 minutes before the declaration
		assertThat(browser.findElement(By.id("metrics")).getText()).contains("Time to declare\n7 min")
			.doesNotContain("PT");
	}

	@Test
	@Order(2)
	void onALaptopAndAPhoneAResponderPostsAPublicUpdateWithTheKeyboardAndSeesItWithinTwoSeconds() throws Exception {
		Map<String, Duration> took = new LinkedHashMap<>();
		for (Dimension size : SIZES) {
			resize(size);
			Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
			Map<String, Number> composer = rect("c-text");
			assertThat(composer.get("bottom").doubleValue()).as("the composer's message box at %s", name(size))
				.isLessThanOrEqualTo(composer.get("screen").doubleValue());

			screenshot("incident-" + name(size));
			new Actions(browser).sendKeys("?").perform();
			assertThat(browser.findElement(By.id("shortcuts")).isDisplayed()).isTrue();
			new Actions(browser).sendKeys("?").perform();
			new Actions(browser).sendKeys("p").perform();
			assertThat(activeId()).isEqualTo("c-text");
			assertThat(browser.findElement(By.id("k-public")).isSelected()).isTrue();
			String message = "Checkout is failing for some customers (" + name(size) + ")";
			new Actions(browser).sendKeys(message).perform();
			WebElement page = browser.findElement(By.tagName("html"));
			long sent = System.nanoTime();
			new Actions(browser).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
			new WebDriverWait(browser, PATIENCE).until((driver) -> Chromium.replaced(page));
			new WebDriverWait(browser, PATIENCE)
				.until((driver) -> timelineTexts().contains("Public status update (INVESTIGATING): " + message));
			Duration elapsed = took(sent);
			screenshot("incident-" + name(size) + "-posted");
			assertThat(browser.findElement(By.cssSelector(".done")).getText()).startsWith("Public update posted");
			took.put(name(size), elapsed);
		}
		// both sizes first, so that a slow machine still shows what the phone got
		assertThat(took).as("from Ctrl+Enter to the timeline, by screen size")
			.allSatisfy((size, duration) -> assertThat(duration).as(size).isLessThanOrEqualTo(Duration.ofSeconds(2)));
	}

	private static Duration took(long since) {
		return Duration.ofNanos(System.nanoTime() - since);
	}

	@Test
	@Order(3)
	void aRefusedUpdateComesBackBesideItsFieldAtAUrlThatReloads() {
		resize(SIZES.get(1));
		Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
		new Actions(browser).sendKeys("n").perform();
		navigate(browser.findElement(By.id("compose-send")));

		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/incidents/" + incident + "#composer");
		assertThat(browser.findElement(By.cssSelector("#form-compose .field-error")).getText())
			.isEqualTo("must not be blank");
		assertThat(browser.findElement(By.id("k-note")).isSelected()).isTrue();
		WebElement page = browser.findElement(By.tagName("html"));
		browser.navigate().refresh();
		new WebDriverWait(browser, PATIENCE).until((driver) -> Chromium.replaced(page));
		assertThat(browser.findElement(By.tagName("h1")).getText())
			.isEqualTo("eu-central-1: checkout errors (incident page)");
		assertThat(browser.findElements(By.cssSelector("#form-compose .field-error"))).isEmpty();
	}

	@Test
	@Order(4)
	void onALaptopAndAPhoneAResponderPublishesAPostmortemWithATableAndReopens() throws Exception {
		for (Dimension size : SIZES) {
			resize(size);
			JsonNode resolved = accepted(post(command + "/api/incidents/" + incident + "/resolve",
					"{\"summary\":\"Rolled back checkout (" + name(size) + ")\"}"));
			awaitVersion(query + "/api/incidents/" + incident, resolved.get("version").asLong());

			Chromium.open(browser, console + "/incidents/" + incident + "/postmortem", PATIENCE);
			browser.findElement(By.id("pm-title")).click();
			browser.findElement(By.id("pm-root")).sendKeys("A bad config push (" + name(size) + ")");
			browser.findElement(By.id("pm-resolution")).sendKeys("Rolled back the push");
			browser.findElement(By.id("pm-lessons")).sendKeys("Canary config pushes\nAlert on checkout 5xx");
			browser.findElement(By.id("pm-item-0")).sendKeys("Canary for config");
			browser.findElement(By.id("pm-owner-0")).sendKeys("sre@nimbus.example");
			browser.findElement(By.id("add-item")).click();
			browser.findElement(By.id("pm-item-3")).sendKeys("Checkout 5xx alert");
			navigate(browser.findElement(By.id("publish")));

			assertThat(browser.getCurrentUrl()).isEqualTo(console + "/incidents/" + incident + "/postmortem");
			assertThat(browser.findElement(By.cssSelector(".done")).getText()).startsWith("Postmortem published");
			String article = browser.findElement(By.cssSelector("article.markdown")).getText();
			assertThat(article).contains("A bad config push (" + name(size) + ")", "Canary config pushes");
			@SuppressWarnings("unchecked")
			List<String> cells = (List<String>) ((JavascriptExecutor) browser).executeScript(
					"return [...document.querySelectorAll('article.markdown table td')].map(c => c.textContent.trim());");
			// the draft's own tables render: its facts and the action items with their
			// owners
			assertThat(cells).containsSubsequence("Severity", "SEV2", "Status", "RESOLVED")
				.containsSubsequence("Canary for config", "sre@nimbus.example", "Checkout 5xx alert");
			assertThat(article).doesNotContain("|---|", "| Action |");
			screenshot("postmortem-" + name(size));

			navigate(browser.findElement(By.linkText("eu-central-1: checkout errors (incident page)")));
			assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Resolved");
			browser.findElement(By.id("o-reason")).sendKeys("Errors are back (" + name(size) + ")");
			navigate(browser.findElement(By.id("reopen")));
			assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Open");
			assertThat(browser.findElement(By.cssSelector(".done")).getText()).startsWith("Incident reopened");
			assertThat(timelineTexts()).contains("Reopened: Errors are back (" + name(size) + ")");
		}
	}

	@Test
	@Order(5)
	void theIncidentAtAMomentReadsInWordsOnBothSizes() throws IOException {
		for (Dimension size : SIZES) {
			resize(size);
			Chromium.open(browser, console + "/incidents/" + incident + "/history", PATIENCE);
			assertThat(browser.findElement(By.id("as-of")).getText()).startsWith("As of now: Open SEV2");
			assertThat(overflow()).as("horizontal overflow of the history page at %s", name(size))
				.isLessThanOrEqualTo(0);
			screenshot("history-" + name(size));
			Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
			assertThat(overflow()).as("horizontal overflow of the incident page at %s", name(size))
				.isLessThanOrEqualTo(0);
		}
	}

	@Test
	@Order(6)
	void anUnknownIncidentIsANotFoundPage() {
		Chromium.open(browser, console + "/incidents/INC-NOSUCH-1", PATIENCE);
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
	}

	private static void resize(Dimension size) {
		browser.manage().window().setSize(size);
		// a headless window applies its new size to the page a moment later
		new WebDriverWait(browser, PATIENCE)
			.until((driver) -> ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;"))
				.intValue() <= size.getWidth());
	}

	private static String name(Dimension size) {
		return size.getWidth() + "x" + size.getHeight();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Number> rect(String id) {
		return (Map<String, Number>) ((JavascriptExecutor) browser)
			.executeScript("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
					+ " return { bottom: r.bottom, screen: window.innerHeight };", id);
	}

	private static String activeId() {
		return (String) ((JavascriptExecutor) browser).executeScript("return document.activeElement.id;");
	}

	/**
	 * The timeline's entries as shown, read in one script: the live timeline may replace
	 * its elements between two WebDriver calls.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> timelineTexts() {
		return (List<String>) ((JavascriptExecutor) browser).executeScript(
				"return [...document.querySelectorAll('#timeline li .what')].map(e => e.textContent.trim());");
	}

	private static int overflow() {
		return ((Number) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - window.innerWidth;")).intValue();
	}

	/**
	 * Clicks what leads to another page and waits until that page has replaced this one.
	 */
	private static void navigate(WebElement target) {
		Chromium.navigate(browser, target, PATIENCE);
	}

	/** A screenshot of the page as shown, under {@code target/screenshots}. */
	private static void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
	}

}
