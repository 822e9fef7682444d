package com.nimbus.incidents.console.web;

import java.io.IOException;
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
 * The signal pages on a real Tomcat with local sign-in, in front of stub APIs
 * ({@link SignalStubApis}): the menu entry and the attach form follow the user's roles,
 * the triage list reads oldest first in words and minutes, an attach redirects to the
 * incident or, refused, back to the list with the API's detail, and the incident page
 * marks monitoring's windows and no one else's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignalPagesViewTests {

	private static final SignalStubApis apis = new SignalStubApis();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void localStack(DynamicPropertyRegistry registry) throws IOException, NoSuchAlgorithmException {
		String keys = ConsoleClient.localKeyDir();
		registry.add("console.local-key-dir", () -> keys);
		registry.add("console.command-url", apis::url);
		registry.add("console.query-url", apis::url);
	}

	@AfterAll
	static void stopTheApis() {
		apis.close();
	}

	@Test
	void aResponderSeesTheSignalsOldestFirstInWordsWithAnAttachForm() throws Exception {
		String session = signIn("RESPONDER");
		HttpResponse<String> page = get("/signals", session);

		assertThat(page.statusCode()).isEqualTo(200);
		String body = page.body();
		assertThat(body).contains("<a href=\"/signals\" id=\"nav-signals\">Signals</a>");
		List<String> rows = rows(body);
		assertThat(rows).hasSize(2);
		// fp-ok started at 15:35:42.5, fp-placed at 15:47:59: the older first, to the
		// minute
		assertThat(rows.get(0)).contains("data-key=\"alertmanager-use1:fp-ok\"", "<td>alertmanager-use1</td>",
				"EC2ApiLatencyHigh", "EC2 API p99 latency above 2 s", "<td>ec2-api</td>", "<td>us-east-1</td>",
				"<td>Partial outage</td>", "<time>2026-11-30 15:35</time>", "<td>firing</td>");
		assertThat(rows.get(1)).contains("data-key=\"alertmanager-use1:fp-placed\"", "<td>Degraded performance</td>",
				"<time>2026-11-30 15:47</time>", "<td>resolved</td>");
		// the title says it all: the same summary is not repeated
		assertThat(rows.get(1)).containsOnlyOnce("EC2 API p99 above 1 s");
		assertThat(rows.get(0)).contains("<form method=\"post\" action=\"/signals/attach\"",
				"<input type=\"hidden\" name=\"fingerprint\" value=\"fp-ok\">",
				"<option value=\"INC-1\">INC-1 — S3 errors in us-east-1</option>",
				"<label for=\"other-0\">or its id</label>");
	}

	@Test
	void aViewerSeesTheSignalsButNoAttachForm() throws Exception {
		String session = signIn("VIEWER");
		int reads = apis.requests().size();
		String body = get("/signals", session).body();

		assertThat(body).contains("nav-signals", "alertmanager-use1:fp-ok", "Partial outage")
			.doesNotContain("/signals/attach", "Attach to");
		// nor does the page list the open incidents for a form it does not show
		assertThat(apis.requests().subList(reads, apis.requests().size())).extracting(SignalStubApis.Request::uri)
			.containsExactly("/api/signals?placed=false");
	}

	@Test
	void financeHasNoSignalsInTheMenu() throws Exception {
		String session = signIn("FINANCE");
		assertThat(get("/incidents", session).body()).contains("SLA credits").doesNotContain("nav-signals");
	}

	@Test
	void anAttachGoesToTheIncidentWithTheTypedIdWinningOverTheList() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/signals", session).body());
		int writes = apis.writes().size();

		HttpResponse<String> attached = post("/signals/attach", session,
				"source=alertmanager-use1&fingerprint=fp-ok&incidentId=INC-9&otherIncidentId=+INC-1+&_csrf="
						+ enc(token));

		assertThat(attached.statusCode()).isEqualTo(302);
		assertThat(attached.headers().firstValue("Location")).get()
			.asString()
			.endsWith("/incidents/INC-1#impacts-title");
		assertThat(apis.writes()).hasSize(writes + 1);
		SignalStubApis.Request sent = apis.writes().get(writes);
		assertThat(sent.uri()).isEqualTo("/api/signals/triage/alertmanager-use1:fp-ok/attach");
		assertThat(sent.body()).isEqualTo("{\"incidentId\":\"INC-1\"}");
		assertThat(get("/incidents/INC-1", session).body())
			.contains("<p class=\"done\" role=\"status\">Signal alertmanager-use1:fp-ok attached</p>");
	}

	@Test
	void aRefusedAttachComesBackToTheListWithTheProblemAndTheListReloads() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/signals", session).body());

		HttpResponse<String> refused = post("/signals/attach", session,
				"source=alertmanager-use1&fingerprint=fp-placed&incidentId=INC-1&otherIncidentId=&_csrf=" + enc(token));

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location")).get().asString().endsWith("/signals");
		String shown = get("/signals", session).body();
		assertThat(shown).contains(
				"<p class=\"problem\" role=\"alert\">Signal alertmanager-use1:fp-placed is placed in INC-9 already</p>");
		String row = rows(shown).get(1);
		assertThat(row)
			.contains("<p class=\"field-error\">Signal alertmanager-use1:fp-placed is placed in INC-9 already</p>")
			.containsPattern("<option value=\"INC-1\"\\s+selected=\"selected\">");
		// the same URL again: the list, without the problem that was shown once
		String again = get("/signals", session).body();
		assertThat(again).contains("alertmanager-use1:fp-placed").doesNotContain("placed in INC-9 already");
	}

	@Test
	void theIncidentPageMarksMonitoringsWindowsAndNoOneElses() throws Exception {
		String session = signIn("RESPONDER");
		String page = get("/incidents/INC-1", session).body();

		Matcher monitored = row(page, "IMP-MONITORED");
		Matcher typed = row(page, "IMP-TYPED");
		assertThat(monitored.group()).contains("<span class=\"tag monitor\" aria-describedby=\"monitoring-note\"",
				"title=\"Opened by monitoring: it follows its alerts until a person corrects or ends it\">Monitoring</span>");
		assertThat(typed.group()).doesNotContain("Monitoring", "tag monitor");
		assertThat(page).contains("<p id=\"monitoring-note\" class=\"note\"><strong>Monitoring</strong>: a window");
	}

	private static Matcher row(String page, String impactId) {
		Matcher row = Pattern.compile("<tr[^>]*>\\s*<td><span>" + impactId + "</span>.*?</tr>", Pattern.DOTALL)
			.matcher(page);
		assertThat(row.find()).as("a row for %s in %s", impactId, page).isTrue();
		return row;
	}

	/** The rows of the triage table, each as its HTML. */
	private static List<String> rows(String page) {
		return Pattern.compile("<tr data-key=.*?</tr>", Pattern.DOTALL)
			.matcher(page)
			.results()
			.map((match) -> match.group())
			.toList();
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
