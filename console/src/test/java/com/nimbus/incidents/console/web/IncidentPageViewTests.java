package com.nimbus.incidents.console.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.nimbus.incidents.console.web.ConsoleClient.enc;
import static com.nimbus.incidents.console.web.ConsoleClient.hidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One incident's pages on a real Tomcat with local sign-in, in front of stub APIs
 * ({@link IncidentStubApis}): a responder gets the composer above everything else and
 * readable metrics, times, levels and roles; a viewer the same page without a form; an
 * unknown incident is a 404 page; every form is post/redirect/get, a refused one coming
 * back to the page with the problem beside its field; the postmortem page renders the
 * draft's tables and publishes what the form holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IncidentPageViewTests {

	private static final IncidentStubApis apis = new IncidentStubApis();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void localStack(DynamicPropertyRegistry registry) throws IOException, NoSuchAlgorithmException {
		String keys = ConsoleClient.localKeyDir();
		registry.add("console.local-key-dir", () -> keys);
		registry.add("console.command-url", apis::url);
		registry.add("console.query-url", apis::url);
	}

	@AfterEach
	void catalogBack() {
		apis.catalog(true);
	}

	@AfterAll
	static void stopTheApis() {
		apis.close();
	}

	@Test
	void aResponderGetsTheComposerFirstAndEverythingInWords() throws Exception {
		String body = get("/incidents/INC-7", signIn("RESPONDER")).body();

		assertThat(body.indexOf("id=\"composer\"")).as("the composer").isPositive();
		assertThat(body.indexOf("id=\"composer\"")).isLessThan(body.indexOf("id=\"responders\""))
			.isLessThan(body.indexOf("id=\"timeline\""));
		assertThat(body).contains("<form method=\"post\" action=\"/incidents/INC-7/do/compose\" id=\"form-compose\">",
				"<input type=\"radio\" id=\"k-public\" name=\"mode\" value=\"public\" checked=\"checked\">");
		// metrics, times, levels, statuses and roles for people
		assertThat(body)
			.contains("<dt>Time to detect</dt><dd>20 min</dd>", "<dt>Time to declare</dt><dd>1 h 58 min</dd>",
					"<dt>Time to acknowledge</dt><dd>—</dd>")
			.doesNotContain("PT1H58M", "PT20M28.426S");
		assertThat(body)
			.contains("<time datetime=\"2026-11-30T14:05:31.123456789Z\">2026-11-30 14:05 UTC</time>",
					"<span class=\"state\" id=\"state\">Open</span>", "<td>Major outage</td>",
					"<span class=\"person\">robin@nimbus.example</span> — <span class=\"role\">Commander</span>",
					"<option value=\"ROLLBACK\">Rollback</option>", "<option value=\"IDENTIFIED\">Identified</option>")
			.doesNotContain("Nobody yet.", ".123Z</time>", ">MAJOR_OUTAGE<");
		assertThat(body).containsPattern("<time datetime=\"2026-11-30T14:05:31.123Z\" title=\"[^\"]+ ago\">"
				+ "2026-11-30 14:05 UTC</time>\\s*<span class=\"what\">Declared SEV2: Checkout latency</span>");
		// the impact form picks from the incident's services first, then the catalog;
		// customers from the contract book
		assertThat(body)
			.containsPattern("<select id=\"i-service\" name=\"service\">\\s*<option value=\"checkout\">checkout"
					+ "</option>\\s*<option value=\"api\">api</option>\\s*<option value=\"object-storage\">")
			.contains("<input type=\"checkbox\" name=\"customers\" id=\"cu-0\" value=\"acme\">",
					"<label for=\"cu-0\">Acme Corp (acme)</label>", "<label for=\"cu-1\">globex</label>")
			.doesNotContain("catalog-unavailable");
		// a release per responder, and the shortcuts script
		assertThat(body).contains("<input type=\"hidden\" name=\"person\" value=\"robin@nimbus.example\">",
				"<script src=\"/js/incident.js\" defer></script>");
	}

	@Test
	void aViewerReadsThePageWithoutAnyForm() throws Exception {
		String session = signIn("VIEWER");
		int reads = apis.requests().size();
		String body = get("/incidents/INC-7", session).body();

		assertThat(body).contains("<dd>1 h 58 min</dd>", "Commander")
			.doesNotContain("id=\"composer\"", "/do/", "<form method=\"post\" action=\"/incidents");
		// nor does it read the catalog for a form it does not show
		assertThat(apis.requests().subList(reads, apis.requests().size())).extracting(IncidentStubApis.Request::uri)
			.containsExactly("/api/incidents/INC-7", "/api/incidents/INC-7/timeline");
	}

	@Test
	void anUnknownIncidentIsANotFoundPage() throws Exception {
		String session = signIn("RESPONDER");
		for (String path : List.of("/incidents/INC-404", "/incidents/INC-404/history",
				"/incidents/INC-404/postmortem")) {
			HttpResponse<String> page = get(path, session);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.body()).as(path)
				.contains("<h1>Not found</h1>", "There is no incident behind /api/incidents/INC-404");
		}
	}

	@Test
	void aRefusedUpdateComesBackToThePageWithTheProblemBesideItsFieldOnce() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-7", session).body());

		HttpResponse<String> refused = post("/incidents/INC-7/do/compose", session,
				"mode=action&kind=ROLLBACK&text=+&occurredAtDate=2026-11-30&occurredAtTime=14%3A20&_csrf="
						+ enc(token));

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location")).get().asString().endsWith("/incidents/INC-7#composer");
		String shown = get("/incidents/INC-7", session).body();
		assertThat(shown)
			.contains("<p class=\"problem\" role=\"alert\">description: must not be blank</p>",
					"<input type=\"radio\" id=\"k-action\" name=\"mode\" value=\"action\" checked=\"checked\">",
					"value=\"14:20\"", "value=\"2026-11-30\"")
			.containsPattern("<option value=\"ROLLBACK\" selected=\"selected\">Rollback</option>")
			.containsPattern("<textarea id=\"c-text\" name=\"text\" rows=\"3\">\\s*</textarea>\\s*"
					+ "<p class=\"field-error\">must not be blank</p>");
		assertThat(get("/incidents/INC-7", session).body()).doesNotContain("must not be blank");
	}

	@Test
	void aPublicUpdateIsSentAsAPublicStatusUpdateAtTheTypedUtcMinute() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-7", session).body());
		int writes = apis.writes().size();

		HttpResponse<String> sent = post("/incidents/INC-7/do/compose", session,
				"mode=public&status=IDENTIFIED&publicTitle=Checkout+is+slow&text=We+found+it&kind=FIX"
						+ "&occurredAtDate=2026-11-30&occurredAtTime=16%3A05&_csrf=" + enc(token));

		assertThat(sent.statusCode()).isEqualTo(302);
		assertThat(sent.headers().firstValue("Location")).get().asString().endsWith("/incidents/INC-7#timeline");
		assertThat(apis.writes()).hasSize(writes + 1);
		IncidentStubApis.Request write = apis.writes().get(writes);
		assertThat(write.uri()).isEqualTo("/api/incidents/INC-7/status-updates");
		assertThat(write.body()).isEqualTo("{\"status\":\"IDENTIFIED\",\"message\":\"We found it\",\"public\":true,"
				+ "\"publicTitle\":\"Checkout is slow\",\"occurredAt\":\"2026-11-30T16:05:00Z\"}");
		assertThat(get("/incidents/INC-7", session).body())
			.contains("<p class=\"done\" role=\"status\">Public update posted (version 5)</p>");
	}

	@Test
	void aTimeThePageCannotReadSendsNothingAndSaysHowToWriteIt() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-7", session).body());
		int writes = apis.writes().size();

		HttpResponse<String> refused = post("/incidents/INC-7/do/compose", session,
				"mode=note&text=Paged+the+DBA&occurredAtTime=2pm&_csrf=" + enc(token));

		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(apis.writes()).hasSize(writes);
		assertThat(get("/incidents/INC-7", session).body()).contains(
				"<p class=\"field-error\">Write the time as HH:MM, 24-hour UTC (for example 16:05)</p>",
				">Paged the DBA</textarea>");
	}

	@Test
	void anImpactNamingACustomerWithoutAContractIsRefusedBesideTheCustomers() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-7", session).body());

		HttpResponse<String> refused = post("/incidents/INC-7/do/compose", session,
				"mode=impact&service=checkout&region=eu-west-1&level=PARTIAL_OUTAGE&customers=acme&customers=acme-typo"
						+ "&startedAtDate=2026-11-30&startedAtTime=13%3A50&_csrf=" + enc(token));

		assertThat(refused.statusCode()).isEqualTo(302);
		IncidentStubApis.Request write = apis.writes().get(apis.writes().size() - 1);
		assertThat(write.body())
			.isEqualTo("{\"service\":\"checkout\",\"region\":\"eu-west-1\",\"level\":\"PARTIAL_OUTAGE\","
					+ "\"startedAt\":\"2026-11-30T13:50:00Z\",\"affectedCustomerIds\":[\"acme\",\"acme-typo\"]}");
		String shown = get("/incidents/INC-7", session).body();
		assertThat(shown).contains(
				"<p class=\"field-error\" id=\"customers-error\">no contract for customer acme-typo</p>",
				"<input type=\"checkbox\" name=\"customers\" id=\"cu-0\" value=\"acme\" checked=\"checked\">",
				"<input type=\"radio\" id=\"k-impact\" name=\"mode\" value=\"impact\" checked=\"checked\">");
	}

	@Test
	void withoutACatalogTheImpactFormTakesTypedTextAndSaysWhy() throws Exception {
		apis.catalog(false);
		String body = get("/incidents/INC-7", signIn("RESPONDER")).body();

		assertThat(body).contains("<input id=\"i-service\" name=\"service\" list=\"incident-services\" value=\"\">",
				"<datalist id=\"incident-services\"><option value=\"checkout\"></option></datalist>",
				"<input id=\"i-customers\" name=\"customers\" value=\"\">",
				"<p class=\"note\" id=\"catalog-unavailable\">The catalog is unavailable");
	}

	@Test
	void aResponderIsReleasedFromTheirRole() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-7", session).body());

		HttpResponse<String> released = post("/incidents/INC-7/do/release", session,
				"person=robin%40nimbus.example&role=COMMANDER&_csrf=" + enc(token));

		assertThat(released.statusCode()).isEqualTo(302);
		IncidentStubApis.Request write = apis.writes().get(apis.writes().size() - 1);
		assertThat(write.method()).isEqualTo("DELETE");
		assertThat(write.uri()).isEqualTo("/api/incidents/INC-7/responders/robin@nimbus.example/COMMANDER");
	}

	@Test
	void theDraftsTablesRenderAndAResolvedIncidentHasThePostmortemFormAndAReopenButton() throws Exception {
		String session = signIn("RESPONDER");
		String draft = get("/incidents/INC-8/postmortem", session).body();

		assertThat(draft)
			.contains("<table>", "<td>Severity</td>", "<td>SEV1</td>", "<h2>Root cause</h2>",
					"<form method=\"post\" action=\"/incidents/INC-8/do/postmortem\" id=\"form-postmortem\">",
					"<input id=\"pm-item-2\" name=\"itemDescription\" value=\"\">")
			.doesNotContain("| Severity |");
		String incident = get("/incidents/INC-8", session).body();
		assertThat(incident)
			.contains("id=\"form-reopen\"", "<span class=\"state\" id=\"state\">Resolved</span>",
					"<td colspan=\"7\">No impact reported yet.</td>", "<li>Nobody yet.</li>")
			.doesNotContain("id=\"form-resolve\"");
		assertThat(get("/incidents/INC-7/postmortem", session).statusCode()).isEqualTo(404);
	}

	@Test
	void thePostmortemFormPublishesLessonsByLineAndTheFilledActionItemRows() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-8/postmortem", session).body());
		int writes = apis.writes().size();

		HttpResponse<String> published = post("/incidents/INC-8/do/postmortem", session,
				"rootCause=Expired+zone+key&trigger=&resolution=Re-signed&detection=Synthetic+probe"
						+ "&lessons=Alert+on+expiry%0D%0A%0D%0ARotate+keys+monthly%0D%0A"
						+ "&itemDescription=Alert+30+days+ahead&itemOwner=sre%40nimbus.example"
						+ "&itemDescription=&itemOwner=&itemDescription=Runbook&itemOwner=&_csrf=" + enc(token));

		assertThat(published.statusCode()).isEqualTo(302);
		assertThat(published.headers().firstValue("Location")).get().asString().endsWith("/incidents/INC-8/postmortem");
		assertThat(apis.writes()).hasSize(writes + 1);
		IncidentStubApis.Request write = apis.writes().get(writes);
		assertThat(write.uri()).isEqualTo("/api/incidents/INC-8/postmortem");
		assertThat(write.body()).isEqualTo("{\"rootCause\":\"Expired zone key\",\"resolution\":\"Re-signed\","
				+ "\"detection\":\"Synthetic probe\",\"lessons\":[\"Alert on expiry\",\"Rotate keys monthly\"],"
				+ "\"actionItems\":[{\"description\":\"Alert 30 days ahead\",\"owner\":\"sre@nimbus.example\"},"
				+ "{\"description\":\"Runbook\"}]}");
		assertThat(get("/incidents/INC-8/postmortem", session).body())
			.contains("<p class=\"done\" role=\"status\">Postmortem published (version 9)</p>");
	}

	@Test
	void reopeningSendsTheReason() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-8", session).body());

		HttpResponse<String> reopened = post("/incidents/INC-8/do/reopen", session,
				"reason=Errors+are+back&_csrf=" + enc(token));

		assertThat(reopened.statusCode()).isEqualTo(302);
		IncidentStubApis.Request write = apis.writes().get(apis.writes().size() - 1);
		assertThat(write.uri()).isEqualTo("/api/incidents/INC-8/reopen");
		assertThat(write.body()).isEqualTo("{\"reason\":\"Errors are back\"}");
	}

	@Test
	void theIncidentAtAMomentIsAskedForAtTheTypedUtcMinuteAndReadsInWords() throws Exception {
		String page = get("/incidents/INC-7/history?asOfDate=2026-11-30&asOfTime=14%3A30&knownAtDate=&knownAtTime=",
				signIn("VIEWER"))
			.body();

		assertThat(page).contains("As of <time>2026-11-30 14:30 UTC</time>", "robin@nimbus.example — Commander",
				"IMP-1 — checkout / eu-west-1: Major outage (ended 2026-11-30 14:25 UTC)",
				"<time datetime=\"2026-11-30T14:20:00Z\">2026-11-30 14:20 UTC</time> <span class=\"what\">Rollback: Rolled back 4711</span>",
				"<input type=\"date\" id=\"asOf-date\" name=\"asOfDate\" value=\"2026-11-30\">");
	}

	@Test
	void anUnknownFormIsANotFoundPageAndSendsNothing() throws Exception {
		String session = signIn("RESPONDER");
		String token = hidden(get("/incidents/INC-7", session).body());
		int writes = apis.writes().size();

		HttpResponse<String> page = post("/incidents/INC-7/do/delete-everything", session, "_csrf=" + enc(token));

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(apis.writes()).hasSize(writes);
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
