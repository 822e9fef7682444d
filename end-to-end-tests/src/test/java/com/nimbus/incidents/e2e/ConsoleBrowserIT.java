package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.ScenarioReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium WebDriver
 * through {@code /usr/bin/chromedriver} (installed by {@code .ci/run}; nothing is
 * downloaded). A responder signs in, declares an incident, records an action and sees it
 * on the live timeline, moves the time picker to before it and sees it gone; finance
 * opens December 2021 and downloads the CSV. Screenshots of the pages land in
 * {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Path DOWNLOADS = Path.of("target", "downloads").toAbsolutePath();

	private static Platform platform;

	private static ChromeDriver browser;

	private static String console;

	private static String command;

	private static String query;

	/** Two hours ago, to the minute, as the pickers take it: the incident's start. */
	private static final LocalDateTime DECLARED = LocalDateTime.now(ZoneOffset.UTC)
		.truncatedTo(ChronoUnit.MINUTES)
		.minusHours(2);

	private static final LocalDateTime ACTION_AT = DECLARED.plusMinutes(40);

	private static String incident;

	@BeforeAll
	static void startThePlatformAndABrowser() throws Exception {
		platform = LocalPlatform.start();
		console = platform.baseUrl(Component.CONSOLE);
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		Api.bearer = platform.issuer().token("setup@nimbus.example", "RESPONDER", "VIEWER", "FINANCE");
		ScenarioReplay.Result scenario = new ScenarioReplay(command, Api.bearer).replay(ScenarioReplay.bundled(), true);
		awaitVersion(query + "/api/incidents/" + scenario.incidents().get("congestion"), 18);
		Files.createDirectories(SCREENSHOTS);
		Files.createDirectories(DOWNLOADS);
		ChromeOptions options = Chromium.options(1280, 1000);
		options.setExperimentalOption("prefs",
				Map.of("download.default_directory", DOWNLOADS.toString(), "download.prompt_for_download", false));
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
	void thePublicStatusPageNeedsNoSignIn() throws IOException {
		Chromium.open(browser, console + "/status", PATIENCE);
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Service status");
		// the scenario's incident is resolved: every service it touched is operational
		assertThat(browser.findElement(By.id("overall")).getText()).isEqualTo("All systems operational");
		screenshot("status");
		Chromium.open(browser, console + "/incidents", PATIENCE);
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login");
	}

	@Test
	@Order(2)
	void aResponderSignsInAndSeesTheIncidents() throws IOException {
		Chromium.open(browser, console + "/login", PATIENCE);
		browser.findElement(By.id("user")).sendKeys("robin@nimbus.example");
		browser.findElement(By.id("role-RESPONDER")).click();
		browser.findElement(By.id("role-CUSTOMER_SUCCESS")).click();
		browser.findElement(By.id("role-FINANCE")).click();
		navigate(browser.findElement(By.id("sign-in")));
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/incidents");
		assertThat(browser.findElement(By.cssSelector(".who span")).getText()).isEqualTo("robin@nimbus.example");
		List<WebElement> rows = browser.findElements(By.cssSelector("table.list tbody tr"));
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).getText()).contains("us-east-1: elevated API and console errors", "SEV1", "Resolved");
		screenshot("incidents");
	}

	@Test
	@Order(3)
	void aResponderDeclaresAnIncident() throws IOException {
		Chromium.open(browser, console + "/incidents", PATIENCE);
		browser.findElement(By.id("d-title")).sendKeys("eu-west-1: checkout latency");
		new Select(browser.findElement(By.id("d-severity"))).selectByValue("SEV2");
		browser.findElement(By.id("d-services")).sendKeys("checkout");
		browser.findElement(By.id("d-regions")).sendKeys("eu-west-1");
		// UTC date and 24-hour time: no 12-hour picker
		setValue(browser.findElement(By.id("d-declared-date")), DECLARED.toLocalDate().toString());
		browser.findElement(By.id("d-declared-time")).sendKeys(DECLARED.toLocalTime().toString());
		navigate(browser.findElement(By.cssSelector("#declare button[type=submit]")));
		assertThat(browser.getCurrentUrl()).startsWith(console + "/incidents/INC-");
		incident = browser.getCurrentUrl().substring((console + "/incidents/").length());
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("eu-west-1: checkout latency");
		assertThat(browser.findElement(By.cssSelector(".done")).getText()).isEqualTo("Incident declared");
		// the declaring responder commands it until someone else is assigned (ADR 23)
		assertThat(timelineTexts()).containsExactly("Declared SEV2: eu-west-1: checkout latency",
				"robin@nimbus.example assigned as COMMANDER");
	}

	@Test
	@Order(4)
	void aRefusedFormShowsTheProblemByItsFieldAndKeepsWhatWasTyped() {
		Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
		browser.findElement(By.id("k-action")).click();
		new Select(browser.findElement(By.id("a-kind"))).selectByValue("ROLLBACK");
		setValue(browser.findElement(By.id("c-occurred-date")), ACTION_AT.toLocalDate().toString());
		browser.findElement(By.id("c-occurred-time")).sendKeys(ACTION_AT.toLocalTime().toString());
		// no description
		navigate(browser.findElement(By.cssSelector("#form-compose button[type=submit]")));
		WebElement error = browser.findElement(By.cssSelector("#form-compose .field-error"));
		assertThat(error.getText()).isEqualTo("must not be blank");
		assertThat(browser.findElement(By.id("c-occurred-time")).getDomProperty("value"))
			.isEqualTo(ACTION_AT.toLocalTime().toString());
		assertThat(new Select(browser.findElement(By.id("a-kind"))).getFirstSelectedOption().getText())
			.isEqualTo("Rollback");
		assertThat(browser.findElement(By.id("version")).getText()).isEqualTo("1");
	}

	@Test
	@Order(5)
	void anActionRecordedLateAppearsOnTheTimelineMarkedLate() throws IOException {
		browser.findElement(By.id("c-text")).sendKeys("Rolled back checkout 4711");
		navigate(browser.findElement(By.cssSelector("#form-compose button[type=submit]")));
		assertThat(browser.findElement(By.cssSelector(".done")).getText()).isEqualTo("Action recorded (version 2)");
		assertThat(timelineTexts()).containsExactly("Declared SEV2: eu-west-1: checkout latency",
				"robin@nimbus.example assigned as COMMANDER", "ROLLBACK: Rolled back checkout 4711");
		// read in one script: the live timeline may replace its elements at any moment
		@SuppressWarnings("unchecked")
		Map<String, String> action = (Map<String, String>) ((JavascriptExecutor) browser).executeScript("""
				const e = document.querySelector("#timeline li[data-sequence='2']");
				return { css: e.className, time: e.querySelector('time').textContent, text: e.innerText };""");
		assertThat(action.get("css")).contains("late");
		assertThat(action.get("time")).isEqualTo(minute(ACTION_AT));
		assertThat(action.get("text")).contains("recorded late");
		screenshot("incident");
	}

	@Test
	@Order(6)
	void entriesRecordedElsewhereAppearWithoutAReload() throws Exception {
		Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
		Object marker = ((JavascriptExecutor) browser).executeScript("return window.performance.timeOrigin;");
		accepted(post(command + "/api/incidents/" + incident + "/notes",
				"{\"text\":\"Customer support sees fewer tickets\"}"));
		new WebDriverWait(browser, PATIENCE).until((driver) -> timelineTexts().size() == 4);
		assertThat(timelineTexts()).last().isEqualTo("Note: Customer support sees fewer tickets");
		// the same page, not a reload
		assertThat(((JavascriptExecutor) browser).executeScript("return window.performance.timeOrigin;"))
			.isEqualTo(marker);
	}

	@Test
	@Order(7)
	void theTimePickerShowsTheIncidentBeforeTheAction() throws IOException {
		Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
		navigate(browser.findElement(By.linkText("At a moment…")));
		at("asOf", ACTION_AT.minusMinutes(10));
		navigate(browser.findElement(By.id("show")));
		assertThat(browser.findElement(By.id("history-actions")).getText()).isEqualTo("None by then.");
		screenshot("history-before");
		at("asOf", ACTION_AT.plusMinutes(10));
		navigate(browser.findElement(By.id("show")));
		assertThat(browser.findElement(By.id("history-actions")).getText())
			.isEqualTo(minute(ACTION_AT) + "\nRollback: Rolled back checkout 4711");
		// as known just before the action was recorded: not there yet, though dated
		// earlier
		at("knownAt", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).minusMinutes(1));
		navigate(browser.findElement(By.id("show")));
		assertThat(browser.findElement(By.id("history-actions")).getText()).isEqualTo("None by then.");
		screenshot("history");
	}

	@Test
	@Order(8)
	void financeOpensDecember2021AndDownloadsTheCsv() throws Exception {
		Chromium.open(browser, console + "/sla", PATIENCE);
		setValue(browser.findElement(By.id("month")), "2021-12");
		navigate(browser.findElement(By.cssSelector("#sla-form button[type=submit]")));
		List<WebElement> lines = browser.findElements(By.cssSelector("#sla-lines tbody tr"));
		assertThat(lines).hasSize(4);
		assertThat(lines).extracting(WebElement::getText)
			.anySatisfy((line) -> assertThat(line).contains("Acme", "99.7567 %", "10 %", "$1,200.00"))
			.anySatisfy((line) -> assertThat(line).contains("Globex", "98.7948 %", "30 %", "$9,150.00"));
		assertThat(browser.findElement(By.id("main")).getText()).contains("$10,350.00");
		screenshot("sla");
		browser.findElement(By.id("download-csv")).click();
		Path csv = DOWNLOADS.resolve("sla-credits-2021-12.csv");
		new WebDriverWait(browser, PATIENCE).until((driver) -> Files.exists(csv));
		List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertThat(rows).hasSize(5);
		assertThat(rows.get(0)).startsWith("month,customerId,customerName,service,");
		assertThat(rows).anySatisfy((row) -> assertThat(row).startsWith("2021-12,acme,").contains(",1200.00,"));
		assertThat(rows).anySatisfy((row) -> assertThat(row).startsWith("2021-12,globex,").contains(",9150.00,"));
	}

	@Test
	@Order(9)
	void customerSuccessSearchesACustomerAndReadsTheDraft() throws IOException {
		Chromium.open(browser, console + "/impact", PATIENCE);
		WebElement customer = browser.findElement(By.id("customer"));
		// a list of the contract book's customers, or a text field without the catalog
		if ("select".equals(customer.getTagName())) {
			new Select(customer).selectByValue("acme");
		}
		else {
			customer.sendKeys("acme");
		}
		navigate(browser.findElement(By.id("customer-search")));
		assertThat(browser.findElement(By.id("cust-title")).getText()).isEqualTo("Incidents that touched Acme Retail");
		assertThat(browser.findElement(By.id("main")).getText()).contains("us-east-1: elevated API and console errors");
		screenshot("impact");
		Chromium.open(browser, console + "/incidents/" + incident + "/postmortem", PATIENCE);
		assertThat(browser.findElement(By.cssSelector("article h1")).getText()).contains("eu-west-1: checkout latency");
		screenshot("postmortem");
	}

	@Test
	@Order(10)
	void everyInputHasALabelAndPagesFitAPhone() throws IOException {
		for (String page : List.of("/incidents", "/incidents/" + incident, "/incidents/" + incident + "/history",
				"/impact", "/sla")) {
			Chromium.open(browser, console + page, PATIENCE);
			Object unlabelled = ((JavascriptExecutor) browser).executeScript("""
					return [...document.querySelectorAll('input, select, textarea')]
					  .filter(e => e.type !== 'hidden')
					  .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')))
					  .map(e => e.name);""");
			assertThat((List<?>) unlabelled).as("inputs without a label on %s", page).isEmpty();
		}
		browser.manage().window().setSize(new Dimension(390, 844));
		try {
			// a headless window applies its new size to the page a moment later
			new WebDriverWait(browser, PATIENCE)
				.until((driver) -> ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;"))
					.intValue() <= 390);
			for (String page : List.of("/incidents", "/incidents/" + incident, "/sla")) {
				Chromium.open(browser, console + page, PATIENCE);
				screenshot("phone" + page.replaceAll("[^a-z]+", "-"));
				try {
					new WebDriverWait(browser, Duration.ofSeconds(5)).until((driver) -> overflow() <= 0);
				}
				catch (TimeoutException ex) {
					// the assertion below says what is too wide
				}
				assertThat(overflow()).as("horizontal overflow on %s at %s px; widest: %s", page,
						((JavascriptExecutor) browser).executeScript("return window.innerWidth;"),
						((JavascriptExecutor) browser).executeScript(
								"""
										return [...document.querySelectorAll('body *')]
										  .map(e => [e.getBoundingClientRect().right, e.tagName + '.' + e.className + '#' + e.id])
										  .sort((a, b) => b[0] - a[0]).slice(0, 3).map(p => p[1] + ' ' + p[0]).join(', ');"""))
					.isLessThanOrEqualTo(0);
			}
		}
		finally {
			browser.manage().window().setSize(new Dimension(1280, 1000));
		}
	}

	/**
	 * Clicks what leads to another page and waits until that page has replaced this one.
	 */
	private static void navigate(WebElement target) {
		Chromium.navigate(browser, target, PATIENCE);
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

	/**
	 * Date and month inputs take their value as the page would from the picker.
	 */
	private static void setValue(WebElement input, String value) {
		((JavascriptExecutor) browser).executeScript(
				"arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));", input, value);
	}

	/** A time picked as the pages take it: a date and a 24-hour UTC clock. */
	private static void at(String prefix, LocalDateTime time) {
		setValue(browser.findElement(By.id(prefix + "-date")), time.toLocalDate().toString());
		WebElement clock = browser.findElement(By.id(prefix + "-time"));
		clock.clear();
		clock.sendKeys(time.toLocalTime().toString());
	}

	/** A time as the pages show it: to the minute, UTC. */
	private static String minute(LocalDateTime time) {
		return time.toLocalDate() + " " + time.toLocalTime() + " UTC";
	}

	private static int overflow() {
		return ((Number) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - window.innerWidth;")).intValue();
	}

	private static void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
	}

}
