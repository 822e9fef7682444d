package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.ScenarioReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages shaped by role, in a real browser (Debian's headless Chromium through
 * {@code /usr/bin/chromedriver}, as in {@link ConsoleBrowserIT}) on the whole local stack
 * with the bundled scenario, on a laptop (1366x900) and a phone (390x844): each role
 * signs in through the local sign-in, lands on its own page and sees a menu of what it
 * may use; a deep link opened signed out survives sign-in; a page the roles may not read
 * and an unknown page are pages with a way home; no page is wider than a phone.
 * Screenshots of every page land in
 * {@code target/screenshots/<page>-<width>x<height>.png}.
 */
class ConsoleRolesBrowserIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final List<Dimension> SIZES = List.of(new Dimension(1366, 900), new Dimension(390, 844));

	private static final List<String> MENU = List.of("nav-incidents", "nav-impact", "nav-sla", "nav-signals",
			"nav-subscriptions", "nav-catalog");

	private static Platform platform;

	private static ChromeDriver browser;

	private static String console;

	private static String incident;

	@BeforeAll
	static void startThePlatformAndABrowser() throws Exception {
		platform = LocalPlatform.start();
		console = platform.baseUrl(Component.CONSOLE);
		String command = platform.baseUrl(Component.COMMAND);
		String query = platform.baseUrl(Component.QUERY);
		Api.bearer = platform.issuer().token("setup@nimbus.example", "RESPONDER", "VIEWER", "FINANCE");
		ScenarioReplay.Result scenario = new ScenarioReplay(command, Api.bearer).replay(ScenarioReplay.bundled(), true);
		incident = scenario.incidents().get("congestion");
		assertThat(incident).as("the bundled scenario's incident").isNotNull();
		awaitVersion(query + "/api/incidents/" + incident, 18);
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

	@AfterEach
	void signedOut() {
		browser.manage().deleteAllCookies();
	}

	@Test
	void eachRoleLandsOnItsPageWithItsMenuOnALaptopAndAPhone() throws IOException {
		for (Dimension size : SIZES) {
			resize(size);
			Chromium.open(browser, console + "/login", PATIENCE);
			screenshot("login", size);
			landsOn(size, "/incidents", List.of("nav-incidents", "nav-signals", "nav-subscriptions"), "RESPONDER");
			assertThat(browser.findElements(By.id("declare"))).as("a responder's declare form").hasSize(1);
			screenshot("incidents", size);
			visit("/signals", "Signals to triage", size, "signals");
			visit("/subscriptions", "Subscriptions", size, "subscriptions");
			signOut();

			landsOn(size, "/incidents", List.of("nav-incidents", "nav-signals"), "VIEWER");
			assertThat(browser.findElements(By.id("declare"))).as("a viewer's declare form").isEmpty();
			signOut();

			landsOn(size, "/impact", List.of("nav-incidents", "nav-impact"), "CUSTOMER_SUCCESS");
			visit("/impact?incident=" + incident + "&customer=acme", "Impact on customers", size, "impact");
			assertThat(text()).contains("Acme Retail");
			signOut();

			landsOn(size, "/sla", List.of("nav-sla"), "FINANCE");
			visit("/sla?month=2021-12", "SLA credits", size, "sla");
			assertThat(text()).contains("$1,200.00", "99.7567 %");
			Chromium.open(browser, console + "/incidents", PATIENCE);
			assertThat(heading()).isEqualTo("Not for your roles");
			assertThat(browser.findElement(By.id("forbidden-home")).getDomAttribute("href")).isEqualTo("/sla");
			screenshot("forbidden", size);
			signOut();

			landsOn(size, "/signals", List.of("nav-signals", "nav-subscriptions", "nav-catalog"), "ADMIN");
			visit("/catalog", "Catalog of services and regions", size, "catalog");
			Chromium.open(browser, console + "/no-such-page", PATIENCE);
			assertThat(heading()).isEqualTo("Page not found");
			assertThat(browser.findElement(By.id("error-home")).getDomAttribute("href")).isEqualTo("/signals");
			assertThat(overflow()).as("horizontal overflow of the 404 page at %s", size).isLessThanOrEqualTo(0);
			screenshot("404", size);
			signOut();
		}
	}

	@Test
	void aDeepLinkOpenedSignedOutSurvivesSignIn() {
		for (Dimension size : SIZES) {
			resize(size);
			Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);
			assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login");
			assertThat(browser.findElement(By.id("continue-to")).getText()).contains("/incidents/" + incident);
			signIn("VIEWER");
			assertThat(browser.getCurrentUrl()).as("after sign-in at %s", size)
				.isEqualTo(console + "/incidents/" + incident);
			signOut();
			// a link that would lead off the console starts at home instead
			Chromium.open(browser, console + "/login?next=//evil.example", PATIENCE);
			signIn("VIEWER");
			assertThat(browser.getCurrentUrl()).isEqualTo(console + "/incidents");
			signOut();
		}
	}

	/** Signs in with the roles and checks the landing page and its menu. */
	private static void landsOn(Dimension size, String landing, List<String> menu, String role) {
		Chromium.open(browser, console + "/login", PATIENCE);
		signIn(role);
		assertThat(browser.getCurrentUrl()).as("%s lands at %s", role, size).isEqualTo(console + landing);
		List<String> shown = new ArrayList<>();
		for (WebElement item : browser.findElements(By.cssSelector("header.top nav ul a[id^=nav-]"))) {
			shown.add(item.getDomAttribute("id"));
		}
		assertThat(shown).as("%s's menu", role)
			.containsAll(menu)
			.doesNotContainAnyElementsOf(MENU.stream().filter((item) -> !menu.contains(item)).toList());
		assertThat(overflow()).as("horizontal overflow of %s at %s", landing, size).isLessThanOrEqualTo(0);
	}

	private static void visit(String path, String title, Dimension size, String screenshot) throws IOException {
		Chromium.open(browser, console + path, PATIENCE);
		assertThat(heading()).as("the page at %s", path).isEqualTo(title);
		assertThat(overflow()).as("horizontal overflow of %s at %s", path, size).isLessThanOrEqualTo(0);
		screenshot(screenshot, size);
	}

	private static void signIn(String role) {
		browser.findElement(By.id("user")).sendKeys(role.toLowerCase().replace('_', '-') + "@nimbus.example");
		browser.findElement(By.id("role-" + role)).click();
		navigate(browser.findElement(By.id("sign-in")));
	}

	private static void signOut() {
		navigate(browser.findElement(By.cssSelector("form.who button[type=submit]")));
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login?signedOut");
	}

	private static String heading() {
		return browser.findElement(By.tagName("h1")).getText();
	}

	private static String text() {
		return browser.findElement(By.id("main")).getText();
	}

	/**
	 * Sets the window's size and waits until the page has it (headless applies it late).
	 */
	private static void resize(Dimension size) {
		browser.manage().window().setSize(size);
		new WebDriverWait(browser, PATIENCE)
			.until((driver) -> ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;"))
				.intValue() <= size.getWidth());
	}

	private static void navigate(WebElement target) {
		Chromium.navigate(browser, target, PATIENCE);
	}

	private static int overflow() {
		return ((Number) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;"))
			.intValue();
	}

	private static void screenshot(String page, Dimension size) throws IOException {
		Files.write(SCREENSHOTS.resolve(page + "-" + size.getWidth() + "x" + size.getHeight() + ".png"),
				browser.getScreenshotAs(OutputType.BYTES));
	}

}
