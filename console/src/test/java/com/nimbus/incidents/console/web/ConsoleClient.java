package com.nimbus.incidents.console.web;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser without a browser, for the view tests: it keeps no cookies and follows no
 * redirect, so a test sees each answer; it signs in through the local sign-in form.
 */
final class ConsoleClient {

	private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

	private final int port;

	ConsoleClient(int port) {
		this.port = port;
	}

	/**
	 * A local issuer's key in a new temporary directory, which turns local sign-in on.
	 */
	static String localKeyDir() throws IOException, NoSuchAlgorithmException {
		Path keys = Files.createTempDirectory("console-keys");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		Files.writeString(keys.resolve("jwt-private.pem"),
				"-----BEGIN PRIVATE KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
						+ "\n-----END PRIVATE KEY-----\n");
		return keys.toString();
	}

	/** Signs in as robin@nimbus.example with the roles; the signed-in session's id. */
	String signIn(String... roles) throws Exception {
		HttpResponse<String> login = get("/login", null);
		StringBuilder form = new StringBuilder("user=robin%40nimbus.example");
		for (String role : roles) {
			form.append("&role=").append(role);
		}
		HttpResponse<String> signedIn = post("/login", session(login), form + "&_csrf=" + enc(hidden(login.body())));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		return session(signedIn);
	}

	HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
		return http.send(request(path, session).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> post(String path, String session, String form) throws IOException, InterruptedException {
		return http.send(request(path, session).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Where a redirect goes: its path and query on this console (it must stay on it).
	 */
	String location(HttpResponse<?> response) {
		assertThat(response.statusCode()).as("a redirect").isEqualTo(302);
		URI location = response.request()
			.uri()
			.resolve(response.headers()
				.firstValue("Location")
				.orElseThrow(() -> new AssertionError("no Location in " + response.headers())));
		assertThat(location.getRawAuthority()).as("the redirect stays on the console")
			.isEqualTo("127.0.0.1:" + this.port);
		String fragment = (location.getRawFragment() != null) ? "#" + location.getRawFragment() : "";
		return location.getRawPath() + ((location.getRawQuery() != null) ? "?" + location.getRawQuery() : "")
				+ fragment;
	}

	private HttpRequest.Builder request(String path, String session) {
		// as a browser asks for a page
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		return (session != null) ? request.header("Cookie", "JSESSIONID=" + session) : request;
	}

	static String session(HttpResponse<?> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.map(SESSION::matcher)
			.filter(Matcher::lookingAt)
			.map((matcher) -> matcher.group(1))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
	}

	/** The CSRF token of a page's form. */
	static String hidden(String page) {
		Matcher matcher = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(matcher.find()).as("a CSRF field in %s", page).isTrue();
		return matcher.group(1);
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
