package com.nimbus.incidents.console.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.nimbus.incidents.console.web.ConsoleClient.enc;
import static com.nimbus.incidents.console.web.ConsoleClient.hidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription pages on a real Tomcat with local sign-in, in front of a notifier that
 * answers as the spec's API does on a real local HTTP server ({@link NotifierTestApi}):
 * the menu entry follows the roles, a create sends the filter the form names and shows
 * the secret once, a refused create comes back with the problem next to its field and
 * everything typed, a test event shows its outcome, pause, resume and delete go through,
 * and a subscription's page lists its deliveries. Every form is post/redirect/get.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SubscriptionPagesViewTests {

	private static final NotifierTestApi notifier = new NotifierTestApi();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void localStack(DynamicPropertyRegistry registry) throws IOException, NoSuchAlgorithmException {
		String keys = ConsoleClient.localKeyDir();
		registry.add("console.local-key-dir", () -> keys);
		registry.add("console.command-url", notifier::url);
		registry.add("console.query-url", notifier::url);
		registry.add("console.notifier-url", notifier::url);
	}

	@AfterAll
	static void stopTheNotifier() {
		notifier.close();
	}

	@Test
	void respondersAndAdminsHaveSubscriptionsInTheMenuOthersDoNot() throws Exception {
		assertThat(get("/status", signIn("RESPONDER")).body())
			.contains("<a href=\"/subscriptions\" id=\"nav-subscriptions\">Subscriptions</a>");
		assertThat(get("/status", signIn("ADMIN")).body()).contains("id=\"nav-subscriptions\"");
		assertThat(get("/status", signIn("VIEWER")).body()).doesNotContain("nav-subscriptions");
		assertThat(get("/status", signIn("FINANCE")).body()).doesNotContain("nav-subscriptions");
	}

	@Test
	void theListShowsEachSubscriptionWithItsState() throws Exception {
		String page = get("/subscriptions", signIn("RESPONDER")).body();

		assertThat(row(page, "SUB-FAILING")).contains("Pager bridge", "<td>WEBHOOK</td>",
				"<td>https://pager.example/hook</td>", "<td>everything</td>",
				"<span class=\"state failing\">failing</span>");
		assertThat(row(page, "SUB-GONE")).contains("<span class=\"state disabled\">disabled</span>");
		assertThat(notifier.requests()).last().satisfies((request) -> {
			assertThat(request.uri()).isEqualTo("/api/subscriptions");
			assertThat(request.authorization()).startsWith("Bearer ey");
		});
	}

	@Test
	void aCreatedSubscriptionSendsTheFilterTheFormNames() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/subscriptions", session).body());

		HttpResponse<String> created = post("/subscriptions", session,
				"channel=WEBHOOK&target=https%3A%2F%2Fhooks.example%2Fnimbus&name=Ops+hook"
						+ "&services=compute-api%2C+dns&regions=us-east-1&minSeverity=SEV2"
						+ "&types=StatusUpdatePosted%2CImpactReported&publicOnly=true&_csrf=" + enc(token));

		assertThat(created.statusCode()).isEqualTo(302);
		assertThat(created.headers().firstValue("Location")).get().asString().endsWith("/subscriptions");
		NotifierTestApi.Request sent = last("POST", "/api/subscriptions");
		assertThat(sent.body()).isEqualTo("{\"channel\":\"WEBHOOK\",\"target\":\"https://hooks.example/nimbus\","
				+ "\"name\":\"Ops hook\",\"filter\":{\"services\":[\"compute-api\",\"dns\"],\"regions\":[\"us-east-1\"],"
				+ "\"types\":[\"StatusUpdatePosted\",\"ImpactReported\"],\"minSeverity\":\"SEV2\",\"publicOnly\":true}}");
		assertThat(sent.authorization()).startsWith("Bearer ");
		String landed = pageAfter(created, session);
		String id = idOf(landed, "Ops hook");
		assertThat(landed).contains("Subscription " + id + " created");
		assertThat(row(landed, id)).contains("<td>https://hooks.example/nimbus</td>",
				"<td>services: compute-api, dns; regions: us-east-1; severity SEV2 or worse; "
						+ "events: StatusUpdatePosted, ImpactReported; public changes only</td>",
				"<span class=\"state active\">active</span>");
	}

	@Test
	void theSecretIsOnThePageTheCreateLeadsToAndNotAfter() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/subscriptions", session).body());

		HttpResponse<String> created = post("/subscriptions", session,
				"channel=WEBHOOK&target=https%3A%2F%2Fhooks.example%2Fonce&name=Once&_csrf=" + enc(token));
		String landed = pageAfter(created, session);

		String id = idOf(landed, "Once");
		assertThat(landed).contains("value=\"whsec-" + id + "-0123456789abcdef\"",
				"Copy it now: it is shown this once.");
		assertThat(row(landed, id)).contains("<span class=\"state active\">active</span>", "<td>everything</td>");
		assertThat(get("/subscriptions", session).body()).doesNotContain("whsec-").doesNotContain("Copy it now");
	}

	@Test
	void aRefusedCreateShowsTheProblemNextToItsFieldWithEverythingTypedInPlace() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/subscriptions", session).body());
		int before = notifier.requests().size();

		HttpResponse<String> refused = post("/subscriptions", session,
				"channel=EMAIL&target=not-an-address&name=Mail+me&services=dns&regions=eu-west-1&minSeverity=SEV1"
						+ "&types=&publicOnly=true&_csrf=" + enc(token));

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location")).get().asString().endsWith("/subscriptions#create-title");
		String page = pageAfter(refused, session);
		assertThat(page).containsPattern(
				"<input id=\"s-target\"[^>]*value=\"not-an-address\">\\s*<p class=\"field-error\">target must be an email address</p>");
		assertThat(page).contains("<option value=\"EMAIL\" selected=\"selected\">EMAIL</option>", "value=\"Mail me\"",
				"<input id=\"s-services\" name=\"services\" value=\"dns\">", "value=\"eu-west-1\"",
				"<option value=\"SEV1\" selected=\"selected\">SEV1 or worse</option>",
				"<input id=\"s-public\" name=\"publicOnly\" type=\"checkbox\" value=\"true\" checked=\"checked\">");
		assertThat(notifier.requests().subList(before, notifier.requests().size()))
			.filteredOn((request) -> request.method().equals("POST"))
			.hasSize(1);
		// reloaded, the form is empty again
		assertThat(get("/subscriptions", session).body()).doesNotContain("not-an-address");
	}

	@Test
	void aTestEventShowsItsOutcomeAndPauseResumeAndDeleteGoThrough() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/subscriptions", session).body());
		post("/subscriptions", session,
				"channel=SLACK&target=https%3A%2F%2Fhooks.slack.example%2FT1&name=Team+channel&_csrf=" + enc(token));
		String id = idOf(get("/subscriptions", session).body(), "Team channel");

		HttpResponse<String> tested = post("/subscriptions/" + id + "/test", session, "_csrf=" + enc(token));
		assertThat(tested.statusCode()).isEqualTo(302);
		assertThat(tested.headers().firstValue("Location")).get().asString().endsWith("/subscriptions/" + id);
		String outcome = pageAfter(tested, session);
		assertThat(outcome).contains("<dt>Result</dt><dd>DELIVERED</dd>", "<dt>Status code</dt><dd>200</dd>",
				"<dt>Latency</dt><dd>12 ms</dd>");
		assertThat(last("POST", "/api/subscriptions/" + id + "/test")).isNotNull();

		String paused = pageAfter(post("/subscriptions/" + id + "/pause", session, "_csrf=" + enc(token)), session);
		assertThat(paused).contains("Subscription " + id + " paused", "<span class=\"state paused\">paused</span>",
				"action=\"/subscriptions/" + id + "/resume\"");
		String resumed = pageAfter(post("/subscriptions/" + id + "/resume", session, "_csrf=" + enc(token)), session);
		assertThat(resumed).contains("<span class=\"state active\">active</span>",
				"action=\"/subscriptions/" + id + "/pause\"");

		HttpResponse<String> deleted = post("/subscriptions/" + id + "/delete", session, "_csrf=" + enc(token));
		assertThat(deleted.headers().firstValue("Location")).get().asString().endsWith("/subscriptions");
		assertThat(last("DELETE", "/api/subscriptions/" + id)).isNotNull();
		assertThat(pageAfter(deleted, session)).contains("Subscription " + id + " deleted")
			.doesNotContain("data-id=\"" + id + "\"");
	}

	@Test
	void aSubscriptionsPageListsItsRecentDeliveriesAndAFailedTest() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/subscriptions", session).body());

		String page = pageAfter(post("/subscriptions/SUB-FAILING/test", session, "_csrf=" + enc(token)), session);

		assertThat(page).contains("<dt>Result</dt><dd>RETRY</dd>", "<dt>Status code</dt><dd>503</dd>",
				"<dt>Error</dt><dd>503 Service Unavailable</dd>");
		List<String> deliveries = Pattern.compile("<tr class=\"delivery\">.*?</tr>", Pattern.DOTALL)
			.matcher(page)
			.results()
			.map((match) -> match.group())
			.toList();
		assertThat(deliveries).hasSize(2);
		assertThat(deliveries.get(0)).contains("<td>INC-7 #2 ImpactReported</td>", "<td>RETRY</td>", "<td>503</td>",
				"<td>87 ms</td>", "<td>503 Service Unavailable</td>", "<time>2026-11-30 15:02</time>");
		assertThat(deliveries.get(1)).contains("<td>INC-7 #1 StatusUpdatePosted</td>", "<td>DELIVERED</td>",
				"<td>200</td>", "<td>15 ms</td>");
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefusedAndReachesNoNotifier() throws Exception {
		String session = signIn("RESPONDER");
		int before = notifier.requests().size();

		HttpResponse<String> refused = post("/subscriptions/SUB-FAILING/pause", session, "");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(notifier.requests()).hasSize(before);
	}

	@Test
	void anUnknownSubscriptionIsNotFound() throws Exception {
		HttpResponse<String> page = get("/subscriptions/SUB-NONE", signIn("RESPONDER"));

		assertThat(page.body()).contains("Not found", "No subscription /api/subscriptions/SUB-NONE");
	}

	private static NotifierTestApi.Request last(String method, String uri) {
		return notifier.requests()
			.stream()
			.filter((request) -> request.method().equals(method) && request.uri().equals(uri))
			.reduce((a, b) -> b)
			.orElseThrow(() -> new AssertionError("no " + method + " " + uri + " in " + notifier.requests()));
	}

	/** The page a redirect leads to. */
	private String pageAfter(HttpResponse<String> redirect, String session) throws Exception {
		assertThat(redirect.statusCode()).isEqualTo(302);
		String location = redirect.headers().firstValue("Location").orElseThrow();
		String path = URI.create(location).getRawPath();
		return get(path, session).body();
	}

	private static String row(String page, String id) {
		Matcher row = Pattern.compile("<tr data-id=\"" + Pattern.quote(id) + "\">.*?</tr>", Pattern.DOTALL)
			.matcher(page);
		assertThat(row.find()).as("a row for %s in %s", id, page).isTrue();
		return row.group();
	}

	private static String idOf(String page, String name) {
		Matcher row = Pattern
			.compile("<tr data-id=\"([^\"]+)\">\\s*<td><a [^>]*>" + Pattern.quote(name) + "</a>", Pattern.DOTALL)
			.matcher(page);
		assertThat(row.find()).as("a row named %s in %s", name, page).isTrue();
		return row.group(1);
	}

	private String signIn(String role) throws Exception {
		return new ConsoleClient(this.port).signIn(role);
	}

	private HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
		return new ConsoleClient(this.port).get(path, session);
	}

	private HttpResponse<String> post(String path, String session, String form)
			throws IOException, InterruptedException {
		return new ConsoleClient(this.port).post(path, session, form);
	}

}
