package com.nimbus.incidents.console.web;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.nimbus.incidents.console.web.ConsoleClient.enc;
import static com.nimbus.incidents.console.web.ConsoleClient.hidden;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forms and numbers of the pages shaped by role, on a real Tomcat with local sign-in
 * in front of stub APIs ({@link RoleStubApis}): the declare form picks from the catalog
 * (free text, said so, without one), reads UTC date and 24-hour time, names a commander
 * only when it is someone else, and a refusal ends on a GET page that can be reopened
 * with everything kept; times, durations, money and percentages read as words and
 * minutes; the catalog page saves the administrators' list.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleFormsViewTests {

	private static final RoleStubApis apis = new RoleStubApis();

	@LocalServerPort
	int port;

	private ConsoleClient console;

	@DynamicPropertySource
	static void localStack(DynamicPropertyRegistry registry) throws Exception {
		String keys = ConsoleClient.localKeyDir();
		registry.add("console.local-key-dir", () -> keys);
		registry.add("console.command-url", apis::url);
		registry.add("console.query-url", apis::url);
		registry.add("console.notifier-url", apis::url);
	}

	@AfterAll
	static void stopTheApis() {
		apis.close();
	}

	@BeforeEach
	void client() {
		this.console = new ConsoleClient(this.port);
	}

	@AfterEach
	void catalogBack() {
		apis.catalogAvailable(true);
	}

	@Test
	void theDeclareFormPicksServicesAndRegionsFromTheCatalogWithUtcDateAnd24HourTime() throws Exception {
		String page = this.console.get("/incidents", this.console.signIn("RESPONDER")).body();
		assertThat(page).contains("<input type=\"checkbox\" name=\"services\" id=\"d-services-0\" value=\"api\">",
				"<input type=\"checkbox\" name=\"services\" id=\"d-services-1\" value=\"object-storage\">",
				"<input type=\"checkbox\" name=\"regions\" id=\"d-regions-0\" value=\"eu-west-1\">",
				"<input type=\"search\" class=\"pick-filter\" id=\"d-services-filter\" placeholder=\"Type to filter\" data-filters=\"d-services-pick\">",
				"<label for=\"d-services\">Not in the list (comma-separated)</label>",
				"<input id=\"d-declared-date\" name=\"declaredDate\" type=\"date\"",
				"<input id=\"d-declared-time\" name=\"declaredTime\" inputmode=\"numeric\" pattern=\"([01][0-9]|2[0-3]):[0-5][0-9]\"",
				"<input id=\"d-commander\" name=\"commander\" type=\"email\"", "value=\"robin@nimbus.example\"",
				// the filters too
				"<option value=\"us-east-1\">us-east-1</option>")
			.doesNotContain("datetime-local", "catalog-unavailable");
	}

	@Test
	void aDeclareSendsTheInstantAndNamesACommanderOnlyWhenItIsSomeoneElse() throws Exception {
		String session = this.console.signIn("RESPONDER");
		String token = hidden(this.console.get("/incidents", session).body());
		int writes = apis.writes().size();
		HttpResponse<String> mine = this.console.post("/incidents", session,
				"title=S3+errors&severity=SEV1&services=object-storage&services=api&regions=us-east-1"
						+ "&detectedDate=2026-11-30&detectedTime=15%3A31&declaredDate=&declaredTime="
						+ "&commander=robin%40nimbus.example&_csrf=" + enc(token));
		assertThat(this.console.location(mine)).isEqualTo("/incidents/INC-1");
		HttpResponse<String> theirs = this.console.post("/incidents", session,
				"title=S3+errors&severity=SEV1&services=api&commander=kim%40nimbus.example&_csrf=" + enc(token));
		assertThat(this.console.location(theirs)).isEqualTo("/incidents/INC-1");
		List<RoleStubApis.Request> sent = apis.writes().subList(writes, apis.writes().size());
		assertThat(sent).extracting(RoleStubApis.Request::body)
			.containsExactly(
					"{\"title\":\"S3 errors\",\"severity\":\"SEV1\",\"detectedAt\":\"2026-11-30T15:31:00Z\","
							+ "\"services\":[\"object-storage\",\"api\"],\"regions\":[\"us-east-1\"]}",
					"{\"title\":\"S3 errors\",\"severity\":\"SEV1\",\"services\":[\"api\"],\"regions\":[],"
							+ "\"commander\":\"kim@nimbus.example\"}");
	}

	@Test
	void aTimeThatIsNotA24HourUtcClockIsRefusedByItsFieldAndNothingIsSent() throws Exception {
		String session = this.console.signIn("RESPONDER");
		String token = hidden(this.console.get("/incidents", session).body());
		int writes = apis.writes().size();
		HttpResponse<String> refused = this.console.post("/incidents", session,
				"title=S3+errors&severity=SEV1&services=api&declaredDate=2026-11-30&declaredTime=4%3A05+PM"
						+ "&detectedDate=2026-13-40&detectedTime=15%3A31&_csrf=" + enc(token));
		assertThat(this.console.location(refused)).isEqualTo("/incidents#declare-title");
		assertThat(apis.writes()).hasSize(writes);
		String page = this.console.get("/incidents", session).body();
		assertThat(page).contains("<p class=\"field-error\">" + UtcInput.HOW + "</p>",
				"<p class=\"field-error\">Write the date as YYYY-MM-DD (UTC)</p>", "value=\"4:05 PM\"",
				"value=\"S3 errors\"");
	}

	@Test
	void aRefusedDeclareEndsOnAPageThatCanBeReopenedWithEverythingKept() throws Exception {
		String session = this.console.signIn("RESPONDER");
		String token = hidden(this.console.get("/incidents", session).body());
		HttpResponse<String> refused = this.console.post("/incidents", session,
				"title=Typo&severity=SEV3&services=typo-service&services=api&regions=eu-west-1"
						+ "&declaredDate=2026-11-30&declaredTime=16%3A05&commander=kim%40nimbus.example&_csrf="
						+ enc(token));
		assertThat(this.console.location(refused)).isEqualTo("/incidents#declare-title");
		String page = this.console.get("/incidents", session).body();
		assertThat(page).contains("services[0]: no contract or incident names typo-service",
				"<p class=\"field-error\">no contract or incident names typo-service</p>",
				"<input id=\"d-title\" name=\"title\" maxlength=\"200\" required value=\"Typo\">",
				"<option value=\"SEV3\" selected=\"selected\">SEV3</option>", "value=\"api\" checked=\"checked\">",
				"value=\"eu-west-1\" checked=\"checked\">", "value=\"kim@nimbus.example\"", "name=\"declaredTime\"",
				"value=\"16:05\"", "<input id=\"d-services\" name=\"services\" value=\"typo-service\">",
				"<input id=\"d-regions\" name=\"regions\" value=\"\">");
		assertThat(page).doesNotContain("value=\"object-storage\" checked");
		// the message is shown once: reopening the address gives the plain page
		assertThat(this.console.get("/incidents", session).body()).doesNotContain("typo-service");
	}

	@Test
	void withoutACatalogTheFormsFallBackToFreeTextAndSaySo() throws Exception {
		apis.catalogAvailable(false);
		String session = this.console.signIn("RESPONDER", "CUSTOMER_SUCCESS");
		assertThat(this.console.get("/incidents", session).body()).contains(
				"<p class=\"wide note\" id=\"catalog-unavailable\">Catalog unavailable: type the names, separated by commas.</p>",
				"<input id=\"d-services\" name=\"services\" value=\"\">", "<input id=\"f-service\" name=\"service\"")
			.doesNotContain("type=\"checkbox\" name=\"services\"");
		assertThat(this.console.get("/impact", session).body()).contains(
				"<input id=\"customer\" name=\"customer\" value=\"\" placeholder=\"acme\">",
				"<p class=\"note\">Catalog unavailable: type the customer's id.</p>");
	}

	@Test
	void timesDurationsAndLevelsReadAsWordsAndMinutes() throws Exception {
		String session = this.console.signIn("VIEWER", "CUSTOMER_SUCCESS");
		String incidents = this.console.get("/incidents", session).body();
		assertThat(incidents)
			.contains("<td>Open</td>", "<time datetime=\"2026-11-30T15:31:07.123456789Z\">2026-11-30 15:31 UTC</time>")
			.containsPattern("<small class=\"ago\">(\\d+ (min|h|d) ago|just now)</small>");
		String impact = this.console.get("/impact?incident=INC-1&customer=", session).body();
		assertThat(impact).contains("<td>7 h 23 min</td>", "(<span>Footprint</span>)",
				"<option value=\"acme\">Acme Corp (acme)</option>", "<option value=\"globex\">globex</option>");
	}

	@Test
	void creditsReadWithTheirCurrencySymbolAndPercentages() throws Exception {
		String sla = this.console.get("/sla?month=2021-12", this.console.signIn("FINANCE")).body();
		assertThat(sla).contains("<strong id=\"sla-totals\"><span>$1,200.00</span></strong>", "<td>Availability</td>",
				"<td>99.0076 %</td>", "<td>7 h 23 min</td>", "<td>10 %</td>", "<td>$12,000.00</td>",
				"<strong>$1,200.00</strong>", "<li>IMP-1 in us-east-1: 7 h 23 min</li>",
				"<time datetime=\"2022-01-03T00:00:00.5Z\">2022-01-03 00:00 UTC</time>");
	}

	@Test
	void anAdministratorSavesTheCatalogListAndARefusedNameComesBackBesideItsField() throws Exception {
		String session = this.console.signIn("ADMIN");
		String page = this.console.get("/catalog", session).body();
		assertThat(page).contains("<li>object-storage</li>", "<li>eu-west-1</li>", "<li>Acme Corp (acme)</li>",
				"<li>globex</li>", "api\nobject-storage</textarea>");
		String token = hidden(page);
		int writes = apis.writes().size();
		HttpResponse<String> saved = this.console.post("/catalog", session,
				"services=" + enc("api\r\nobject-storage\r\n dns ") + "&regions=" + enc("eu-west-1, us-east-1")
						+ "&_csrf=" + enc(token));
		assertThat(this.console.location(saved)).isEqualTo("/catalog");
		assertThat(apis.writes().subList(writes, apis.writes().size()))
			.extracting(RoleStubApis.Request::method, RoleStubApis.Request::uri, RoleStubApis.Request::body)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("PUT", "/api/catalog",
					"{\"services\":[\"api\",\"object-storage\",\"dns\"],\"regions\":[\"eu-west-1\",\"us-east-1\"]}"));
		assertThat(this.console.get("/catalog", session).body()).contains("Catalog list saved: 3 services, 2 regions.");
		HttpResponse<String> refused = this.console.post("/catalog", session,
				"services=" + enc("api\nBad Name") + "&regions=&_csrf=" + enc(token));
		assertThat(this.console.location(refused)).isEqualTo("/catalog#edit-title");
		assertThat(this.console.get("/catalog", session).body()).contains(
				"<p class=\"field-error\">&#39;Bad Name&#39; is not a name: lower-case letters, digits and dashes</p>",
				"api\nBad Name</textarea>");
	}

}
