package com.nimbus.incidents.testinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running service's OpenAPI document as a stranger reads it: without a token, from
 * {@code /v3/api-docs}, with the Swagger UI beside it, and linted by Redocly's
 * recommended rules. The checks every documented service shares; each service's test adds
 * what its own operations promise.
 *
 * @param port the port the service listens on, on 127.0.0.1
 * @param service the service's name, the document's title
 */
public record LiveApiDocument(int port, String service) {

	private static final Duration LINT_TIMEOUT = Duration.ofMinutes(4);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * A GET without a token.
	 * @param path the path and query
	 * @return the answer, its body as text
	 */
	public HttpResponse<String> anonymous(String path) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The document, read without a token.
	 * @return the parsed document
	 */
	public JsonNode document() throws IOException, InterruptedException {
		HttpResponse<String> response = anonymous("/v3/api-docs");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/**
	 * Asserts that the document (JSON and YAML) and the Swagger UI with its script and
	 * configuration are served without a token and without a Content-Security-Policy that
	 * would stop the UI, while the API itself still refuses an anonymous caller.
	 * @param securedPath a path of the API that needs a token
	 * @param listedPath a path the YAML document lists
	 */
	public void assertReadableWithoutAToken(String securedPath, String listedPath)
			throws IOException, InterruptedException {
		assertThat(document().get("info").get("title").asString()).isEqualTo(this.service);
		HttpResponse<String> yaml = anonymous("/v3/api-docs.yaml");
		assertThat(yaml.statusCode()).isEqualTo(200);
		assertThat(yaml.body()).contains("openapi: 3.").contains(listedPath + ":");
		HttpResponse<String> redirect = anonymous("/swagger-ui.html");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/swagger-ui/index.html"));
		HttpResponse<String> ui = anonymous("/swagger-ui/index.html");
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(ui.body()).contains("swagger-ui");
		// no Content-Security-Policy keeps the UI's own scripts and styles from running
		assertThat(ui.headers().firstValue("Content-Security-Policy")).isEmpty();
		HttpResponse<String> config = anonymous("/v3/api-docs/swagger-config");
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(config.body()).get("url").asString()).isEqualTo("/v3/api-docs");
		assertThat(anonymous("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
		assertThat(anonymous(securedPath).statusCode()).as("the API itself still needs a token").isEqualTo(401);
	}

	/**
	 * Writes the document to {@code target/openapi/<service>.json} and asserts that the
	 * pinned Redocly CLI finds no error in it.
	 * @return what the linter said (its warnings, for the caller to bound)
	 */
	public OpenApiLint.Result assertLintsClean() throws IOException, InterruptedException {
		HttpResponse<String> response = anonymous("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		Path document = Path.of("target", "openapi", this.service + ".json");
		Files.createDirectories(document.getParent());
		Files.writeString(document, response.body());
		OpenApiLint.Result lint = OpenApiLint.lint(document, LINT_TIMEOUT);
		assertThat(lint.errors()).as(lint.toString()).isZero();
		assertThat(lint.exitCode()).as(lint.toString()).isZero();
		return lint;
	}

	/**
	 * The field names of an object node, in order (response codes, properties).
	 * @param node an object node
	 * @return its field names
	 */
	public static List<String> names(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

}
