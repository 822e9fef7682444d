package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.call;

/**
 * A real Prometheus Alertmanager whose one receiver is the platform's webhook, as a
 * monitoring team would configure it (README, "Signals from monitoring"): Debian's
 * {@code /usr/bin/prometheus-alertmanager} as a child process where it is installed
 * ({@code .ci/run} installs it), else the pinned image ({@code alertmanager.image}) where
 * Docker runs. The test code picks; with neither there it fails saying what is missing.
 */
final class Alertmanager implements AutoCloseable {

	static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus-alertmanager");

	static final String IMAGE = System.getProperty("alertmanager.image", "prom/alertmanager:v0.25.0");

	private final String url;

	private final String kind;

	private final Path log;

	private final AutoCloseable stop;

	Alertmanager(String url, String kind, Path log, AutoCloseable stop) {
		this.url = url;
		this.kind = kind;
		this.log = log;
		this.stop = stop;
	}

	/**
	 * Starts one with its configuration, token file, data and log in {@code workDir},
	 * sending to {@code commandService}'s {@code /api/signals/alertmanager} with
	 * {@code token}, and waits until it is ready.
	 */
	static Alertmanager start(Path workDir, URI commandService, String token) throws Exception {
		if (Files.isExecutable(DEBIAN_BINARY)) {
			return AlertmanagerProcess.start(DEBIAN_BINARY, workDir, commandService, token);
		}
		if (AlertmanagerContainer.dockerAvailable()) {
			return AlertmanagerContainer.start(workDir, commandService, token);
		}
		throw new AssertionError("No Alertmanager to run: " + DEBIAN_BINARY
				+ " is missing (Debian's package prometheus-alertmanager; .ci/run installs it: "
				+ "apt-get install prometheus-alertmanager) and no Docker daemon answers to run " + IMAGE + " instead");
	}

	/**
	 * Everything to the platform, grouped by region, sent a second after it changes, with
	 * resolutions; no alert times out on its own while a test runs.
	 */
	static String config(String webhookUrl, String credentialsFile) {
		return """
				# written by AlertmanagerEndToEndIT
				global:
				  resolve_timeout: 1h
				route:
				  receiver: nimbus
				  group_by: [region]
				  group_wait: 1s
				  group_interval: 1s
				  repeat_interval: 1h
				receivers:
				  - name: nimbus
				    webhook_configs:
				      - url: "%s"
				        send_resolved: true
				        http_config:
				          authorization:
				            type: Bearer
				            credentials_file: "%s"
				""".formatted(webhookUrl, credentialsFile);
	}

	/**
	 * The MONITOR token in a file only its owner reads, as {@code credentials_file} wants
	 * it.
	 */
	static Path tokenFile(Path workDir, String token) throws IOException {
		Path file = workDir.resolve("nimbus.token");
		Files.writeString(file, token);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		return file;
	}

	/**
	 * Polls {@code /-/ready} until it answers 200; fails with the log's last lines when
	 * it stops or does not get ready.
	 */
	void awaitReady(BooleanSupplier alive) {
		try {
			Awaitility.await("Alertmanager ready")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> {
					if (!alive.getAsBoolean()) {
						throw new IllegalStateException("stopped");
					}
					return call("GET", this.url + "/-/ready", null, null).status() == 200;
				});
		}
		catch (ConditionTimeoutException | IllegalStateException ex) {
			throw new AssertionError(this.kind + " at " + this.url + " did not get ready (" + ex.getMessage()
					+ "); its log " + this.log + " ends:\n" + tail(), ex);
		}
	}

	/**
	 * Posts alerts through Alertmanager's own API ({@code POST /api/v2/alerts}), as
	 * Prometheus does.
	 */
	void post(List<Map<String, Object>> alerts) throws Exception {
		Api.Response response = call("POST", this.url + "/api/v2/alerts", Api.JSON.writeValueAsString(alerts), null);
		if (response.status() != 200) {
			throw new AssertionError("Alertmanager refused the alerts: " + response.status() + " " + response.text());
		}
	}

	/**
	 * The alerts it holds, each with the {@code fingerprint} it computed from the labels.
	 */
	JsonNode alerts() throws Exception {
		return Api.JSON.readTree(call("GET", this.url + "/api/v2/alerts", null, null).text());
	}

	String url() {
		return this.url;
	}

	String kind() {
		return this.kind;
	}

	Path log() {
		return this.log;
	}

	/**
	 * The last 40 lines of its log, for a failure's message.
	 */
	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		try {
			this.stop.close();
		}
		catch (Exception ex) {
			System.err.println("Stopping " + this.kind + ": " + ex);
		}
	}

}
