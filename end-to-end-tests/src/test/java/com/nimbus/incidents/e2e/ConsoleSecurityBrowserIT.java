package com.nimbus.incidents.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.JSON;
import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.call;
import static com.nimbus.incidents.e2e.Api.get;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stranger or a careless colleague can type, and what the console then does with
 * it: hostile strings go into every free-text field the API takes (titles, summaries,
 * responders' names, actions, severity reasons, public and internal status updates,
 * notes, impact corrections, resolution, reopening, the postmortem and its action items,
 * customer names in contracts), then a real browser (Debian's headless Chromium, as in
 * {@link ConsoleBrowserIT}) opens every page that shows them. On each page: the strings
 * are shown as the text they are, no script of theirs ran, no alert opened, no element
 * carries a {@code javascript:} URL or an {@code on*} handler, the only scripts are the
 * console's own files, and the Content-Security-Policy refused nothing (recorded by a
 * listener the browser installs before the page's own scripts). The live timeline still
 * refreshes under that policy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSecurityBrowserIT {

	/** Each would run script, or evaluate an expression, if a page let it through. */
	static final List<String> HOSTILE = List.of("<script>window.__xss=1</script>",
			"<img src=x onerror=\"window.__xss=1\">", "[runbook](javascript:window.__xss=1)",
			"\"><svg onload=window.__xss=1>", "javascript:window.__xss=1", "{{7*7}}", "[[${7*7}]]",
			"=HYPERLINK(\"http://evil\",\"x\")");

	/** All of them in one text, for the fields that take 10,000 characters. */
	static final String ALL = String.join(" ", HOSTILE);

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final LocalDateTime DECLARED = LocalDateTime.now(ZoneOffset.UTC)
		.truncatedTo(ChronoUnit.MINUTES)
		.minusHours(2);

	private static Platform platform;

	private static ChromeDriver browser;

	private static String console;

	private static String command;

	private static String query;

	/** Incident {@code i} has {@code HOSTILE.get(i)} as its title, customer evil-i. */
	private static final List<String> incidents = new ArrayList<>();

	@BeforeAll
	static void startThePlatformRecordHostileTextAndStartABrowser() throws Exception {
		platform = LocalPlatform.start();
		console = platform.baseUrl(Component.CONSOLE);
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		Api.bearer = platform.issuer()
			.token("mallory@nimbus.example", "RESPONDER", "FINANCE", "CUSTOMER_SUCCESS", "VIEWER");
		for (int i = 0; i < HOSTILE.size(); i++) {
			incidents.add(recordHostileIncident(i, HOSTILE.get(i)));
		}
		awaitTheReadSide();
		ChromeOptions options = Chromium.options(1280, 1000);
		browser = Chromium.start(options, PATIENCE);
		// runs before each page's own scripts, outside its policy: records what the
		// policy
		// refused
		browser.executeCdpCommand("Page.enable", Map.of());
		browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
				window.__cspViolations = [];
				document.addEventListener('securitypolicyviolation',
				  (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""));
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

	/**
	 * Customer {@code evil-i}, named {@code hostile}, and an incident titled
	 * {@code hostile} (internal and public title) with every free text the API takes; the
	 * first incident is resolved, given a postmortem and reopened, the others keep an
	 * open impact for the status page.
	 */
	private static String recordHostileIncident(int i, String hostile) throws Exception {
		String service = "svc-" + i;
		String customer = "evil-" + i;
		accepted(call("PUT", command + "/api/contracts/" + customer,
				json(Map.of("customerName", hostile, "activeUsers", 1000, "effectiveFrom", "2021-01-01T00:00:00Z",
						"services",
						List.of(Map.of("service", service, "regions", List.of("eu-west-1"), "monthlyFee",
								Map.of("amount", "100.00", "currency", "USD"), "sla",
								Map.of("measurement", "AVAILABILITY", "downtimeLevels", List.of("MAJOR_OUTAGE"),
										"tiers", List.of(Map.of("below", "99.9", "creditPercent", "10"))))))),
				Api.bearer));
		Instant declared = DECLARED.toInstant(ZoneOffset.UTC);
		JsonNode created = accepted(post(command + "/api/incidents",
				json(Map.of("title", hostile, "publicTitle", hostile, "severity", "SEV2", "summary", ALL,
						"detectionSource", "MONITORING", "declaredAt", declared.toString(), "services",
						List.of(service), "regions", List.of("eu-west-1")))));
		String id = created.get("incidentId").asString();
		String base = command + "/api/incidents/" + id;
		accepted(post(base + "/responders", json(Map.of("person", hostile, "role", "COMMANDER"))));
		accepted(post(base + "/actions", json(Map.of("kind", "MITIGATION", "description", ALL))));
		accepted(post(base + "/severity", json(Map.of("severity", "SEV1", "reason", ALL))));
		accepted(post(base + "/status-updates",
				json(Map.of("status", "INVESTIGATING", "message", ALL, "public", true))));
		accepted(post(base + "/status-updates", json(Map.of("status", "IDENTIFIED", "message", ALL, "public", false))));
		accepted(post(base + "/notes", json(Map.of("text", ALL))));
		Map<String, Object> impact = new LinkedHashMap<>(
				Map.of("impactId", "impact-" + i, "service", service, "region", "eu-west-1", "level", "MAJOR_OUTAGE",
						"startedAt", declared.toString(), "affectedCustomerIds", List.of(customer)));
		JsonNode last;
		if (i == 0) {
			impact.put("endedAt", declared.plus(Duration.ofMinutes(30)).toString());
			accepted(post(base + "/impacts", json(impact)));
			accepted(post(base + "/impacts/impact-0/corrections",
					json(Map.of("level", "PARTIAL_OUTAGE", "reason", ALL))));
			accepted(post(base + "/resolve", json(Map.of("summary", ALL))));
			accepted(post(base + "/postmortem",
					json(Map.of("rootCause", ALL, "trigger", ALL, "resolution", ALL, "detection", ALL, "lessons",
							HOSTILE, "actionItems", List.of(Map.of("description", ALL, "owner", hostile))))));
			last = accepted(post(base + "/reopen", json(Map.of("reason", ALL))));
		}
		else {
			accepted(post(base + "/impacts", json(impact)));
			last = accepted(post(base + "/impacts/impact-" + i + "/corrections",
					json(Map.of("errorRate", 0.5, "reason", ALL))));
		}
		awaitVersion(query + "/api/incidents/" + id, last.get("version").asLong());
		return id;
	}

	/** Until contracts and the status page show what was recorded. */
	private static void awaitTheReadSide() {
		for (int i = 0; i < HOSTILE.size(); i++) {
			String url = query + "/api/incidents/" + incidents.get(i) + "/impact";
			String name = HOSTILE.get(i);
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> hasText(get(url).body(), name));
		}
		for (String title : HOSTILE.subList(1, HOSTILE.size())) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> hasText(get(query + "/api/status").body(), title));
		}
	}

	@Test
	@Order(1)
	void theLoginPageSaysLocalSignInIsForALaptopAndLetsAResponderIn() {
		Chromium.open(browser, console + "/login", PATIENCE);
		assertThat(browser.findElement(By.id("local-sign-in")).getText())
			.isEqualTo("Local sign-in: for a laptop only — any email, any role");
		assertInert("/login");
		browser.findElement(By.id("user")).sendKeys("robin@nimbus.example");
		browser.findElement(By.id("role-RESPONDER")).click();
		browser.findElement(By.id("role-CUSTOMER_SUCCESS")).click();
		browser.findElement(By.id("role-FINANCE")).click();
		navigate(browser.findElement(By.id("sign-in")));
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/incidents");
	}

	@Test
	@Order(2)
	void everyPageShowsTheHostileTextAsText() {
		String first = incidents.get(0);
		visit("/incidents", HOSTILE);
		for (String id : incidents) {
			visit("/incidents/" + id, HOSTILE);
		}
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(HOSTILE.get(HOSTILE.size() - 1));
		visit("/incidents/" + first, HOSTILE);
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("<script>window.__xss=1</script>");
		visit("/incidents/" + first + "/history", HOSTILE);
		visit("/incidents/" + first + "/postmortem",
				List.of("<script>window.__xss=1</script>", "<img src=x onerror=\"window.__xss=1\">",
						"\"><svg onload=window.__xss=1>", "=HYPERLINK(\"http://evil\",\"x\")"));
		// the Markdown link stays a link, to nowhere
		List<WebElement> runbooks = browser.findElements(By.linkText("runbook"));
		assertThat(runbooks).isNotEmpty().allSatisfy((link) -> assertThat(link.getDomAttribute("href")).isEmpty());
		visit("/impact?incident=" + first, List.of(HOSTILE.get(0)));
		for (int i = 0; i < HOSTILE.size(); i++) {
			visit("/impact?customer=evil-" + i, List.of("Incidents that touched " + HOSTILE.get(i)));
		}
		visit("/sla?month=" + YearMonth.from(DECLARED), HOSTILE);
		visit("/status", HOSTILE.subList(1, HOSTILE.size()));
	}

	@Test
	@Order(3)
	void theLiveTimelineStillRefreshesUnderThePolicy() {
		visit("/incidents/" + incidents.get(1), HOSTILE);
		JavascriptExecutor script = browser;
		script.executeScript("document.getElementById('timeline').dataset.before = 'yes';");
		// htmx replaces the whole section every 3 s: the mark goes with the old one
		new WebDriverWait(browser, PATIENCE).until((driver) -> Boolean.TRUE
			.equals(((JavascriptExecutor) driver).executeScript("const t = document.getElementById('timeline');"
					+ " return t !== null && t.dataset.before === undefined && t.querySelectorAll('li').length > 0;")));
		assertThat(browser.findElement(By.id("timeline")).getText()).contains(HOSTILE.get(0), HOSTILE.get(7));
		assertInert("/incidents/" + incidents.get(1) + " after the timeline refreshed");
	}

	@Test
	@Order(4)
	void everyAnswerCarriesTheSecurityHeaders() throws Exception {
		HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		for (String path : List.of("/status", "/login", "/incidents", "/js/console.js")) {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(console + path)).build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(response.headers().allValues("Content-Security-Policy")).as(path)
				.containsExactly(CONTENT_SECURITY_POLICY);
			assertThat(response.headers().allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
			assertThat(response.headers().allValues("Referrer-Policy")).as(path).containsExactly("same-origin");
			assertThat(response.headers().allValues("X-Frame-Options")).as(path).containsExactly("DENY");
		}
	}

	@Test
	@Order(5)
	void aStrangerOnThePublicStatusPageRunsNothingEither() {
		Chromium.open(browser, console + "/incidents", PATIENCE);
		navigate(browser.findElement(By.cssSelector("form.who button[type=submit]")));
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login?signedOut");
		visit("/status", HOSTILE.subList(1, HOSTILE.size()));
		assertThat(browser.findElements(By.cssSelector("meta[name='csrf-token']"))).isEmpty();
		// signed out, the status page links nowhere inside: no incidents, impact or
		// credits
		assertThat(browser.findElements(By.cssSelector("a[href*='/incidents'], a[href*='/impact'], a[href*='/sla']")))
			.isEmpty();
		Chromium.open(browser, console + "/incidents", PATIENCE);
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login");
	}

	/**
	 * Opens a page, checks that it shows each of {@code texts} as written, and that
	 * nothing on it is live.
	 */
	private static void visit(String path, List<String> texts) {
		Chromium.open(browser, console + path, PATIENCE);
		assertThat(browser.getCurrentUrl()).as("no redirect away from %s", path).startsWith(console + path);
		String shown = browser.findElement(By.id("main")).getText();
		assertThat(shown).as("the text of %s", path).contains(texts);
		assertThat(shown).as("no evaluated expression on %s", path).doesNotContain("{{49}}", "[[49]]");
		assertInert(path);
	}

	private static void assertInert(String page) {
		JavascriptExecutor script = browser;
		assertThat(script.executeScript("return typeof window.__xss;")).as("script ran on %s", page)
			.isEqualTo("undefined");
		assertThat(ExpectedConditions.alertIsPresent().apply(browser)).as("an alert on %s", page).isNull();
		assertThat(browser.findElements(By.cssSelector("a[href^='javascript:' i], [src^='javascript:' i], "
				+ "[action^='javascript:' i], [formaction^='javascript:' i], [href^='data:' i], [href^='vbscript:' i]")))
			.as("javascript: URLs on %s", page)
			.isEmpty();
		assertThat(browser.findElements(By.cssSelector("[onerror], [onload], [onclick], [onmouseover], [onfocus]")))
			.as("event handlers on %s", page)
			.isEmpty();
		assertThat(script.executeScript("""
				return [...document.querySelectorAll('*')]
				  .flatMap((e) => [...e.attributes].map((a) => a.name))
				  .filter((name) => name.toLowerCase().startsWith('on'));""")).as("on* attributes on %s", page)
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.isEmpty();
		assertThat(browser.findElements(By.cssSelector("svg, img, iframe, object, embed, base")))
			.as("elements from the data on %s", page)
			.isEmpty();
		// the webjar locator puts htmx's version in the path
		Object scripts = script.executeScript(
				"return [...document.scripts].map((s) => s.getAttribute('src').replace(/\\/htmx\\.org\\/[0-9.]+\\//, '/htmx.org/'));");
		if (page.startsWith("/status")) {
			// the public page is one document with its own small script: no htmx
			assertThat(scripts).as("scripts on %s", page)
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactly("/js/status.js");
		}
		else {
			assertThat(scripts).as("scripts on %s", page)
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.startsWith("/webjars/htmx.org/dist/htmx.min.js", "/js/console.js")
				// and one page's own keyboard file (the incident and postmortem pages)
				.isSubsetOf("/webjars/htmx.org/dist/htmx.min.js", "/js/console.js", "/js/incident.js");
		}
		assertThat(script.executeScript("return window.__cspViolations;"))
			.as("what the Content-Security-Policy refused on %s", page)
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.isEmpty();
	}

	private static void navigate(WebElement target) {
		Chromium.navigate(browser, target, PATIENCE);
	}

	private static String json(Object body) {
		return JSON.writeValueAsString(body);
	}

	/** Whether any string anywhere in the JSON document is exactly {@code text}. */
	private static boolean hasText(JsonNode node, String text) {
		if (node == null) {
			return false;
		}
		if (node.isString()) {
			return text.equals(node.asString());
		}
		for (JsonNode child : node) {
			if (hasText(child, text)) {
				return true;
			}
		}
		return false;
	}

}
