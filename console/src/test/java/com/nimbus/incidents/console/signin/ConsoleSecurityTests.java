package com.nimbus.incidents.console.signin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console on a real Tomcat, as a browser meets it, with the local issuer's key in a
 * temporary directory (which turns local sign-in on, as {@code ./platform up} does) and
 * stub APIs behind it: the headers of a page, the session cookie's attributes, the
 * session id at sign-in and sign-out, and CSRF refusals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleSecurityTests {

	private static final StubApis apis = new StubApis();

	private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void localStack(DynamicPropertyRegistry registry) throws IOException, NoSuchAlgorithmException {
		Path keys = Files.createTempDirectory("console-keys");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		Files.writeString(keys.resolve("jwt-private.pem"),
				"-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n");
		registry.add("console.local-key-dir", keys::toString);
		registry.add("console.command-url", apis::url);
		registry.add("console.query-url", apis::url);
	}

	@AfterAll
	static void stopTheApis() {
		apis.close();
	}

	@Test
	void aPageCarriesTheSecurityHeaders() throws Exception {
		HttpResponse<String> page = get("/login", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().allValues("Content-Security-Policy"))
			.containsExactly("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
					+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
		assertThat(page.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(page.headers().allValues("Referrer-Policy")).containsExactly("same-origin");
		assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("DENY");
	}

	@Test
	void aSignedInPageAndItsStaticFilesCarryThePolicyToo() throws Exception {
		String session = signIn();
		HttpResponse<String> incidents = get("/incidents", session);
		assertThat(incidents.statusCode()).isEqualTo(200);
		assertThat(incidents.headers().firstValue("Content-Security-Policy")).get()
			.asString()
			.contains("script-src 'self';", "frame-ancestors 'none'");
		HttpResponse<String> script = get("/js/console.js", null);
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(script.headers().firstValue("Content-Type")).get().asString().startsWith("text/javascript");
	}

	@Test
	void pagesHaveNoInlineScriptOrStyleAndConfigureHtmxForThePolicy() throws Exception {
		String session = signIn();
		String page = get("/incidents", session).body();
		assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find()).as("inline <script>").isFalse();
		assertThat(page).doesNotContain("<style", " style=", " onclick=", " onload=", "hx-on");
		assertThat(page).contains("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,"
				+ "\"allowEval\":false,\"allowScriptTags\":false,\"historyCacheSize\":0}'>");
		assertThat(page).contains("<script src=\"/js/console.js\" defer></script>");
		assertThat(page).containsPattern("<meta name=\"csrf-header\" content=\"X-CSRF-TOKEN\">");
	}

	@Test
	void theSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
		HttpResponse<String> login = get("/login", null);
		String cookie = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("JSESSIONID="))
			.findFirst()
			.orElseThrow();
		assertThat(cookie).contains("; HttpOnly", "; SameSite=Lax").doesNotContain("Secure");
	}

	@Test
	void theLoginPageSaysLocalSignInIsForALaptopOnly() throws Exception {
		assertThat(get("/login", null).body()).contains(
				"<p class=\"local-only\" role=\"note\" id=\"local-sign-in\">Local sign-in: for a laptop only — any email, any role</p>");
	}

	@Test
	void signingInGivesANewSessionIdAndTheOldOneSignsNobodyIn() throws Exception {
		HttpResponse<String> login = get("/login", null);
		String before = session(login).orElseThrow();
		HttpResponse<String> signedIn = post("/login", before,
				"user=robin%40nimbus.example&role=RESPONDER&_csrf=" + enc(hidden(login.body())));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		// every user starts at /, which sends them to their roles' landing page
		assertThat(signedIn.headers().firstValue("Location")).contains("http://127.0.0.1:" + this.port + "/");
		String after = session(signedIn).orElseThrow();
		assertThat(after).isNotEqualTo(before);
		assertThat(get("/incidents", after).body()).contains("robin@nimbus.example");
		HttpResponse<String> planted = get("/incidents", before);
		assertThat(planted.statusCode()).isEqualTo(302);
		assertThat(planted.headers().firstValue("Location")).get().asString().endsWith("/login");
	}

	@Test
	void signingOutEndsTheSession() throws Exception {
		String session = signIn();
		String token = meta(get("/incidents", session).body());
		HttpResponse<String> signedOut = post("/logout", session, "_csrf=" + enc(token));
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(signedOut.headers().firstValue("Location")).get().asString().endsWith("/login?signedOut");
		HttpResponse<String> again = get("/incidents", session);
		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(again.headers().firstValue("Location")).get().asString().endsWith("/login");
		String next = session(get("/login?signedOut", session)).orElseThrow();
		assertThat(next).isNotEqualTo(session);
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
		String session = signIn();
		int writes = apis.writes();
		assertThat(post("/incidents/INC-1/do/note", session, "text=hello").statusCode()).isEqualTo(403);
		assertThat(post("/incidents/INC-1/do/note", session, "text=hello&_csrf=forged").statusCode()).isEqualTo(403);
		assertThat(post("/incidents", session, "title=t&severity=SEV2").statusCode()).isEqualTo(403);
		assertThat(post("/logout", session, "").statusCode()).isEqualTo(403);
		assertThat(apis.writes()).isEqualTo(writes);
		// still signed in: the refused sign-out did nothing
		assertThat(get("/incidents", session).statusCode()).isEqualTo(200);
	}

	@Test
	void aSignInWithoutTheCsrfTokenIsRefused() throws Exception {
		String session = session(get("/login", null)).orElseThrow();
		assertThat(post("/login", session, "user=mallory%40example.com&role=ADMIN").statusCode()).isEqualTo(403);
	}

	@Test
	void anHtmxPostWithTheTokenInItsHeaderIsAccepted() throws Exception {
		String session = signIn();
		String token = meta(get("/incidents", session).body());
		int writes = apis.writes();
		HttpResponse<String> note = http.send(
				request("/incidents/INC-1/do/note", session).header("Content-Type", "application/x-www-form-urlencoded")
					.header("HX-Request", "true")
					.header("X-CSRF-TOKEN", token)
					.POST(HttpRequest.BodyPublishers.ofString("text=hello"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(note.statusCode()).isEqualTo(302);
		assertThat(note.headers().firstValue("Location")).get().asString().endsWith("/incidents/INC-1#timeline");
		assertThat(apis.writes()).isEqualTo(writes + 1);
	}

	/** Signs in through the form, as a browser does; the signed-in session's id. */
	private String signIn() throws Exception {
		HttpResponse<String> login = get("/login", null);
		HttpResponse<String> signedIn = post("/login", session(login).orElseThrow(),
				"user=robin%40nimbus.example&role=RESPONDER&_csrf=" + enc(hidden(login.body())));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		return session(signedIn).orElseThrow();
	}

	private HttpRequest.Builder request(String path, String session) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		return (session != null) ? request.header("Cookie", "JSESSIONID=" + session) : request;
	}

	private HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
		return http.send(request(path, session).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String session, String form)
			throws IOException, InterruptedException {
		return http.send(request(path, session).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Optional<String> session(HttpResponse<?> response) {
		List<String> cookies = response.headers().allValues("Set-Cookie");
		for (String cookie : cookies) {
			Matcher matcher = SESSION.matcher(cookie);
			if (matcher.lookingAt()) {
				return Optional.of(matcher.group(1));
			}
		}
		return Optional.empty();
	}

	/** The CSRF token of a page's form. */
	private static String hidden(String page) {
		Matcher matcher = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(matcher.find()).as("a CSRF field in %s", page).isTrue();
		return matcher.group(1);
	}

	/** The CSRF token the page gives its scripts. */
	private static String meta(String page) {
		Matcher matcher = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">").matcher(page);
		assertThat(matcher.find()).as("a CSRF meta tag in %s", page).isTrue();
		return matcher.group(1);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
