package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.call;
import static com.nimbus.incidents.e2e.Api.get;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signals in the console, in a real browser (Debian's headless Chromium, as in
 * {@link ConsoleBrowserIT}) against the whole local stack. Monitoring posts an
 * Alertmanager webhook with a MONITOR token: its critical alert declares an incident with
 * a window monitoring follows, its warning waits for triage. A responder sees the window
 * marked "Monitoring" (and a window a person reported unmarked), opens the triage page,
 * attaches the warning to the incident and lands on it with the second monitoring window;
 * an attach the API refuses comes back to the triage page with the API's detail, at a URL
 * that reloads. Screenshots land in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSignalsBrowserIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** The monitoring source: the subject of its token. */
	private static final String SOURCE = "alertmanager-console";

	private static final String TITLE = "S3 GET error rate above 50% in us-east-1 (console)";

	/** Ten minutes ago, to the second, as Alertmanager keeps it. */
	private static final Instant STARTS = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));

	private static final Instant WARNING_STARTS = STARTS.plusSeconds(90);

	private static Platform platform;

	private static ChromeDriver browser;

	private static String console;

	private static String command;

	private static String query;

	private static String monitor;

	private static String incident;

	@BeforeAll
	static void startThePlatformAndABrowser() throws Exception {
		platform = LocalPlatform.start();
		console = platform.baseUrl(Component.CONSOLE);
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		Api.bearer = platform.issuer().token("setup@nimbus.example", "RESPONDER", "VIEWER");
		monitor = platform.issuer().token(SOURCE, "MONITOR");
		Files.createDirectories(SCREENSHOTS);
		ChromeOptions options = Chromium.options(1280, 1000);
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
	void monitoringDeclaresAnIncidentAndLeavesTheWarningForTriage() throws Exception {
		JsonNode outcome = accepted(call("POST", command + "/api/signals/alertmanager",
				webhook(alert("fp-critical", "object-storage", "us-east-1", "critical", TITLE, STARTS),
						alert("fp-warning", "ec2-api", "us-east-1", "warning", "EC2 API p99 latency above 2 s",
								WARNING_STARTS)),
				monitor));
		assertThat(outcome.get("accepted").asInt()).isEqualTo(2);
		assertThat(outcome.get("duplicates").asInt()).isEqualTo(0);

		incident = Awaitility.await()
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> openIncidentTitled(TITLE), (id) -> id != null);
		JsonNode summary = Awaitility.await()
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> get(query + "/api/incidents/" + incident).body(),
					(body) -> body != null && body.get("openImpacts").size() == 1);
		assertThat(summary.get("detectionSource").asString()).isEqualTo("MONITORING");
		JsonNode window = summary.get("openImpacts").get(0);
		assertThat(window.get("source").asString()).isEqualTo("MONITOR");
		assertThat(window.get("service").asString()).isEqualTo("object-storage");
		assertThat(Instant.parse(window.get("startedAt").asString())).isEqualTo(STARTS);
		awaitWaiting("fp-warning");

		// a person reports a window of their own on another component: it carries no
		// marker
		JsonNode reported = accepted(post(command + "/api/incidents/" + incident + "/impacts",
				"{\"service\":\"console\",\"region\":\"us-east-1\",\"level\":\"DEGRADED_PERFORMANCE\",\"startedAt\":\""
						+ STARTS.plusSeconds(120) + "\"}"));
		awaitVersion(query + "/api/incidents/" + incident, reported.get("version").asLong());
	}

	@Test
	@Order(2)
	void theIncidentPageMarksTheMonitoringWindowOnly() throws IOException {
		Chromium.open(browser, console + "/login", PATIENCE);
		browser.findElement(By.id("user")).sendKeys("robin@nimbus.example");
		browser.findElement(By.id("role-RESPONDER")).click();
		navigate(browser.findElement(By.id("sign-in")));
		Chromium.open(browser, console + "/incidents/" + incident, PATIENCE);

		assertThat(windowRows()).containsExactly("object-storage Monitoring", "console");
		WebElement marker = browser.findElement(By.cssSelector("#main table.list .tag.monitor"));
		assertThat(marker.getText()).isEqualTo("Monitoring");
		assertThat(marker.getDomAttribute("title"))
			.isEqualTo("Opened by monitoring: it follows its alerts until a person corrects or ends it");
		assertThat(browser.findElement(By.id("monitoring-note")).getText())
			.startsWith("Monitoring: a window monitoring opened follows its alerts")
			.contains("until a person corrects or ends it");
		screenshot("signals-incident");
	}

	@Test
	@Order(3)
	void aResponderAttachesTheWarningFromTriageAndSeesTheSecondWindow() throws IOException {
		navigate(browser.findElement(By.id("nav-signals")));
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/signals");
		WebElement row = triageRow("fp-warning");
		assertThat(cells(row)).startsWith(SOURCE, "EC2 API p99 latency above 2 s", "ec2-api", "us-east-1",
				"Partial outage", minute(WARNING_STARTS), "firing");
		screenshot("signals-triage");

		new Select(row.findElement(By.cssSelector("select[name=incidentId]"))).selectByValue(incident);
		navigate(row.findElement(By.cssSelector("button[type=submit]")));

		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/incidents/" + incident + "#impacts-title");
		assertThat(browser.findElement(By.cssSelector(".done")).getText())
			.isEqualTo("Signal " + SOURCE + ":fp-warning attached");
		assertThat(windowRows()).containsExactlyInAnyOrder("object-storage Monitoring", "console",
				"ec2-api Monitoring");
		screenshot("signals-attached");
		Chromium.open(browser, console + "/signals", PATIENCE);
		assertThat(browser.findElements(By.cssSelector("#triage tr[data-key]"))).isEmpty();
		assertThat(browser.findElement(By.cssSelector("#triage tbody")).getText())
			.isEqualTo("No signal is waiting for triage.");
	}

	@Test
	@Order(4)
	void anAttachTheApiRefusesComesBackToTriageWithItsDetail() throws Exception {
		accepted(call("POST", command + "/api/signals/alertmanager",
				webhook(alert("fp-dns", "dns", "eu-west-1", "warning", "DNS SERVFAIL above 1%", STARTS)), monitor));
		awaitWaiting("fp-dns");
		Chromium.open(browser, console + "/signals", PATIENCE);
		WebElement row = triageRow("fp-dns");
		row.findElement(By.cssSelector("input[name=otherIncidentId]")).sendKeys("INC-NOSUCH");
		navigate(row.findElement(By.cssSelector("button[type=submit]")));

		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/signals");
		assertThat(browser.findElement(By.cssSelector("p.problem[role=alert]")).getText())
			.isEqualTo("There is no incident INC-NOSUCH");
		row = triageRow("fp-dns");
		assertThat(row.findElement(By.cssSelector(".field-error")).getText())
			.isEqualTo("There is no incident INC-NOSUCH");
		assertThat(row.findElement(By.cssSelector("input[name=otherIncidentId]")).getDomProperty("value"))
			.isEqualTo("INC-NOSUCH");
		screenshot("signals-refused");
		// the URL reloads: the list again, the signal still waiting, the problem shown
		// once
		WebElement page = browser.findElement(By.tagName("html"));
		browser.navigate().refresh();
		new WebDriverWait(browser, PATIENCE).until((driver) -> Chromium.replaced(page));
		assertThat(browser.findElements(By.cssSelector("p.problem"))).isEmpty();
		assertThat(cells(triageRow("fp-dns"))).startsWith(SOURCE, "DNS SERVFAIL above 1%", "dns", "eu-west-1",
				"Partial outage", minute(STARTS), "firing");
		assertThat(get(command + "/api/signals?placed=false").body().get("signals")).hasSize(1);
	}

	@Test
	@Order(5)
	void everyInputOfTheTriagePageHasALabel() {
		Chromium.open(browser, console + "/signals", PATIENCE);
		Object unlabelled = ((JavascriptExecutor) browser).executeScript("""
				return [...document.querySelectorAll('input, select, textarea')]
				  .filter(e => e.type !== 'hidden')
				  .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')))
				  .map(e => e.name);""");
		assertThat((List<?>) unlabelled).as("inputs without a label on /signals").isEmpty();
	}

	private static String webhook(String... alerts) {
		return """
				{"receiver":"nimbus","status":"firing","alerts":[%s],"groupLabels":{},"commonLabels":{},
				 "commonAnnotations":{},"externalURL":"http://alertmanager.example:9093","version":"4",
				 "groupKey":"{}:{}","truncatedAlerts":0}""".formatted(String.join(",", alerts));
	}

	private static String alert(String fingerprint, String service, String region, String severity, String summary,
			Instant startsAt) {
		return """
				{"status":"firing","labels":{"alertname":"ConsoleE2E","service":"%s","region":"%s","severity":"%s"},
				 "annotations":{"summary":"%s"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
				 "generatorURL":"http://prometheus.example:9090/graph","fingerprint":"%s"}""".formatted(service, region,
				severity, summary, startsAt, fingerprint);
	}

	private static String openIncidentTitled(String title) throws Exception {
		for (JsonNode item : get(query + "/api/incidents?status=OPEN&size=50").body().get("items")) {
			if (title.equals(item.get("title").asString())) {
				return item.get("incidentId").asString();
			}
		}
		return null;
	}

	private static void awaitWaiting(String fingerprint) {
		Awaitility.await()
			.atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> waitingFingerprints(), (fingerprints) -> fingerprints.contains(fingerprint));
	}

	private static List<String> waitingFingerprints() throws Exception {
		List<String> fingerprints = new ArrayList<>();
		get(command + "/api/signals?placed=false").body()
			.get("signals")
			.forEach((signal) -> fingerprints.add(signal.get("fingerprint").asString()));
		return fingerprints;
	}

	private static String minute(Instant instant) {
		return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(instant);
	}

	private static WebElement triageRow(String fingerprint) {
		return browser.findElement(By.cssSelector("#triage tr[data-key='" + SOURCE + ":" + fingerprint + "']"));
	}

	private static List<String> cells(WebElement row) {
		return row.findElements(By.tagName("td")).stream().map((cell) -> cell.getText().strip()).toList();
	}

	/**
	 * Each impact window's row as "service" plus its marker, if any, in the page's order.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> windowRows() {
		return (List<String>) ((JavascriptExecutor) browser).executeScript("""
				return [...document.querySelectorAll('#main table.list tbody tr')].map(r => {
				  const marker = r.querySelector('.tag.monitor');
				  return r.cells[1].textContent.trim() + (marker ? ' ' + marker.textContent.trim() : '');
				});""");
	}

	/**
	 * Clicks what leads to another page and waits until that page has replaced this one.
	 */
	private static void navigate(WebElement target) {
		Chromium.navigate(browser, target, PATIENCE);
	}

	private static void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
	}

}
