package com.nimbus.incidents.console.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.nimbus.incidents.console.web.ConsoleClient.enc;
import static com.nimbus.incidents.console.web.ConsoleClient.hidden;
import static com.nimbus.incidents.console.web.ConsoleClient.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages shaped by role, on a real Tomcat with local sign-in in front of stub APIs
 * ({@link RoleStubApis}): each role starts on its own page with a menu of what it may
 * use; a page it may not read is a friendly 403 that leads back; a deep link survives
 * sign-in and nothing leads off the console; an unknown page is a 404 page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleLandingViewTests {

	private static final RoleStubApis apis = new RoleStubApis();

	private static final List<String> MENU = List.of("nav-incidents", "nav-impact", "nav-sla", "nav-signals",
			"nav-subscriptions", "nav-catalog");

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

	@Test
	void eachRoleLandsOnItsPageWithAMenuOfWhatItMayUse() throws Exception {
		Map<String, String> landing = Map.of("RESPONDER", "/incidents", "CUSTOMER_SUCCESS", "/impact", "FINANCE",
				"/sla", "VIEWER", "/incidents", "ADMIN", "/signals");
		Map<String, List<String>> menus = Map.of("RESPONDER",
				List.of("nav-incidents", "nav-signals", "nav-subscriptions"), "CUSTOMER_SUCCESS",
				List.of("nav-incidents", "nav-impact"), "FINANCE", List.of("nav-sla"), "VIEWER",
				List.of("nav-incidents", "nav-signals"), "ADMIN",
				List.of("nav-signals", "nav-subscriptions", "nav-catalog"));
		for (String role : landing.keySet()) {
			String session = this.console.signIn(role);
			String start = this.console.location(this.console.get("/", session));
			assertThat(start).as(role + " lands on").isEqualTo(landing.get(role));
			HttpResponse<String> page = this.console.get(start, session);
			assertThat(page.statusCode()).as(role + " reads its landing page").isEqualTo(200);
			for (String item : MENU) {
				if (menus.get(role).contains(item)) {
					assertThat(page.body()).as(role + "'s menu").contains("id=\"" + item + "\"");
				}
				else {
					assertThat(page.body()).as(role + "'s menu").doesNotContain("id=\"" + item + "\"");
				}
			}
			// the brand leads home too
			assertThat(page.body()).contains("<a class=\"brand\" href=\"" + landing.get(role) + "\">");
		}
	}

	@Test
	void signingInGoesToTheStartWhichSendsFinanceToItsCreditsNotARefusal() throws Exception {
		HttpResponse<String> login = this.console.get("/login", null);
		HttpResponse<String> signedIn = this.console.post("/login", session(login),
				"user=fin%40nimbus.example&role=FINANCE&_csrf=" + enc(hidden(login.body())));
		assertThat(this.console.location(signedIn)).isEqualTo("/");
		assertThat(this.console.location(this.console.get("/", session(signedIn)))).isEqualTo("/sla");
	}

	@Test
	void aPageTheRolesMayNotReadIsAFriendly403WithAWayBack() throws Exception {
		String finance = this.console.signIn("FINANCE");
		int writes = apis.writes().size();
		HttpResponse<String> incidents = this.console.get("/incidents", finance);
		assertThat(incidents.statusCode()).isEqualTo(403);
		assertThat(incidents.body()).contains("<h1 id=\"forbidden-title\">Not for your roles</h1>",
				"Your roles do not open incidents.", "<a id=\"forbidden-home\" href=\"/sla\">Go to your start page</a>",
				"id=\"nav-sla\"");
		String customerSuccess = this.console.signIn("CUSTOMER_SUCCESS");
		assertThat(this.console.get("/sla", customerSuccess).statusCode()).isEqualTo(403);
		assertThat(this.console.get("/catalog", customerSuccess).statusCode()).isEqualTo(403);
		assertThat(this.console.get("/subscriptions", customerSuccess).body())
			.contains("<a id=\"forbidden-home\" href=\"/impact\">");
		// a form the roles may not send reaches nothing
		String token = hidden(this.console.get("/impact", customerSuccess).body());
		HttpResponse<String> declare = this.console.post("/incidents", customerSuccess,
				"title=Nope&severity=SEV2&_csrf=" + enc(token));
		assertThat(declare.statusCode()).isEqualTo(403);
		assertThat(declare.body()).contains("Your roles do not open declaring and updating incidents.");
		assertThat(apis.writes()).hasSize(writes);
	}

	@Test
	void customerSuccessReadsIncidentsWithoutTheDeclareForm() throws Exception {
		String page = this.console.get("/incidents", this.console.signIn("CUSTOMER_SUCCESS")).body();
		assertThat(page).contains("S3 errors in us-east-1").doesNotContain("id=\"declare\"", "Declare an incident");
		assertThat(this.console.get("/incidents", this.console.signIn("RESPONDER")).body())
			.contains("<form action=\"/incidents\" method=\"post\" id=\"declare\"");
	}

	@Test
	void aDeepLinkOpenedSignedOutSurvivesSignIn() throws Exception {
		HttpResponse<String> opened = this.console.get("/incidents/INC-1?tab=timeline", null);
		assertThat(this.console.location(opened)).endsWith("/login");
		String before = session(opened);
		HttpResponse<String> login = this.console.get("/login", before);
		assertThat(login.body())
			.contains("<input type=\"hidden\" name=\"next\" value=\"/incidents/INC-1?tab=timeline\">");
		HttpResponse<String> signedIn = this.console.post("/login", before, "user=robin%40nimbus.example&role=VIEWER"
				+ "&next=" + enc("/incidents/INC-1?tab=timeline") + "&_csrf=" + enc(hidden(login.body())));
		assertThat(this.console.location(signedIn)).isEqualTo("/incidents/INC-1?tab=timeline");
		assertThat(this.console.get("/incidents/INC-1?tab=timeline", session(signedIn)).statusCode()).isEqualTo(200);
	}

	@Test
	void aNextPathOffTheConsoleIsRefusedAndTheUserStartsAtHome() throws Exception {
		for (String evil : List.of("//evil.example", "https://evil.example", "/\\evil.example", "http:/evil.example",
				"javascript:alert(1)", "/\r\nLocation: https://evil.example", " //evil.example")) {
			HttpResponse<String> login = this.console.get("/login?next=" + enc(evil), null);
			assertThat(login.body()).as(evil).doesNotContain("name=\"next\"", "evil.example");
			HttpResponse<String> signedIn = this.console.post("/login", session(login),
					"user=robin%40nimbus.example&role=RESPONDER&next=" + enc(evil) + "&_csrf="
							+ enc(hidden(login.body())));
			assertThat(this.console.location(signedIn)).as(evil).isEqualTo("/");
		}
		HttpResponse<String> login = this.console.get("/login?next=" + enc("/sla?month=2021-12"), null);
		assertThat(login.body()).contains("<input type=\"hidden\" name=\"next\" value=\"/sla?month=2021-12\">");
	}

	@Test
	void anUnknownPageIsA404PageWithAWayHome() throws Exception {
		HttpResponse<String> page = this.console.get("/no-such-page", this.console.signIn("CUSTOMER_SUCCESS"));
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("<h1 id=\"error-title\">Page not found</h1>",
				"<a id=\"error-home\" href=\"/impact\">Go to your start page</a>", "id=\"nav-impact\"");
	}

}
