package com.nimbus.incidents.e2e;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.PlatformSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier on the whole local stack (issue "Signals out"):
 * <ol>
 * <li>{@code kill -9} of the notifier while it delivers a stream of events to four
 * deduplicating webhook receivers: after the supervisor restarts it, every event of the
 * subscribed incidents reaches every receiver, in sequence order per incident, each taken
 * in once (repeats, if any, are dropped by the receiver by {@code Notification-Id}), and
 * the notifier's delivery state says so;</li>
 * <li>the status page exported as static files outlives the platform: once the public
 * change is exported, every process of the stack is stopped and the files still hold the
 * last page (public text only), whole.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifierEndToEndIT {

	private static final String SERVICE = "notify-e2e";

	private static final int RECEIVERS = 4;

	private static final int INCIDENTS = 3;

	private static final int NOTES = 240;

	private static final Duration PATIENCE = Duration.ofSeconds(120);

	private static Platform platform;

	private static PlatformSettings settings;

	private static String command;

	private static String notifier;

	private static String responder;

	@BeforeAll
	static void start() throws Exception {
		Path home = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath().normalize();
		settings = LocalPlatform.settings(home);
		platform = Platform.start(settings);
		responder = platform.issuer().token("notified@nimbus.example", "RESPONDER", "VIEWER");
		Api.bearer = responder;
		command = platform.baseUrl(Component.COMMAND);
		notifier = platform.baseUrl(Component.NOTIFIER);
	}

	@AfterAll
	static void stop() {
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	@Order(1)
	void killingTheNotifierMidDeliveryLosesNothingAndRepeatsNothing() throws Exception {
		try (DedupReceiver receiver = new DedupReceiver()) {
			List<String> subscriptions = new ArrayList<>();
			for (int r = 0; r < RECEIVERS; r++) {
				JsonNode created = accepted(call("POST", notifier + "/api/subscriptions",
						"{\"channel\":\"WEBHOOK\",\"target\":\"" + receiver.url(r) + "\",\"name\":\"e2e " + r
								+ "\",\"filter\":{\"services\":[\"" + SERVICE + "\"]}}",
						responder));
				subscriptions.add(created.path("subscriptionId").asString());
			}
			Map<String, Long> versions = new LinkedHashMap<>();
			for (int i = 0; i < INCIDENTS; i++) {
				JsonNode declared = accepted(call("POST", command + "/api/incidents",
						"{\"title\":\"Notified " + i + "\",\"severity\":\"SEV2\",\"detectionSource\":\"MONITORING\","
								+ "\"services\":[\"" + SERVICE + "\"],\"regions\":[\"us-east-1\"]}",
						responder));
				versions.put(declared.path("incidentId").asString(), declared.path("version").asLong());
			}
			List<String> incidents = List.copyOf(versions.keySet());
			int restartsBefore = platform.restarts(Component.NOTIFIER);
			Thread writer = new Thread(() -> notes(incidents, versions), "notes");
			writer.start();
			Awaitility.await("a quarter of the notes delivered to the first receiver")
				.atMost(PATIENCE)
				.until(() -> receiver.taken(0).size() >= NOTES / 4);
			ProcessHandle process = ProcessHandle.of(platform.pids().get(Component.NOTIFIER)).orElseThrow();
			process.destroyForcibly();
			process.onExit().get(30, TimeUnit.SECONDS);
			Awaitility.await("the notifier started again by the supervisor")
				.atMost(PATIENCE)
				.until(() -> platform.restarts(Component.NOTIFIER) == restartsBefore + 1);
			writer.join(TimeUnit.MINUTES.toMillis(3));
			// sequences start at 0: an incident at version v has v + 1 events
			long events = versions.values().stream().mapToLong((version) -> version + 1).sum();
			Awaitility.await("every event at every receiver")
				.atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> LongStream.range(0, RECEIVERS).allMatch((r) -> receiver.taken((int) r).size() >= events));
			for (int r = 0; r < RECEIVERS; r++) {
				List<DedupReceiver.Taken> taken = receiver.taken(r);
				assertThat(taken).as("receiver %d took each event in once", r).hasSize((int) events);
				for (String incident : incidents) {
					List<Long> sequences = taken.stream()
						.filter((t) -> t.incidentId().equals(incident))
						.map(DedupReceiver.Taken::sequence)
						.toList();
					assertThat(sequences).as("receiver %d, incident %s: every event, in order", r, incident)
						.containsExactlyElementsOf(LongStream.rangeClosed(0, versions.get(incident)).boxed().toList());
				}
			}
			for (String subscription : subscriptions) {
				JsonNode state = accepted(
						call("GET", notifier + "/api/subscriptions/" + subscription, null, responder));
				for (String incident : incidents) {
					assertThat(lastDelivered(state, incident)).as("%s's delivery state of %s", subscription, incident)
						.isEqualTo(versions.get(incident));
				}
			}
			System.out.printf("Notifier kill -9: %d events to %d receivers, %d repeats dropped by the receivers%n",
					events, RECEIVERS, receiver.repeats());
		}
	}

	@Test
	@Order(2)
	void theExportedStatusPageOutlivesThePlatform() throws Exception {
		JsonNode declared = accepted(call("POST", command + "/api/incidents",
				"{\"title\":\"INTERNAL db-17 failover gone wrong\",\"publicTitle\":\"Checkout errors in eu-west-1\","
						+ "\"severity\":\"SEV1\",\"detectionSource\":\"MONITORING\",\"services\":[\"checkout\"],"
						+ "\"regions\":[\"eu-west-1\"]}",
				responder));
		String incident = command + "/api/incidents/" + declared.path("incidentId").asString();
		accepted(call("POST", incident + "/impacts",
				"{\"service\":\"checkout\",\"region\":\"eu-west-1\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\""
						+ java.time.Instant.now().minusSeconds(300) + "\"}",
				responder));
		accepted(call("POST", incident + "/status-updates",
				"{\"status\":\"IDENTIFIED\",\"message\":\"A failed deploy is being rolled back.\",\"public\":true}",
				responder));
		Path dir = settings.statusExportDir();
		Awaitility.await("the public change exported")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> read(dir, "index.html").contains("A failed deploy is being rolled back.")
					&& read(dir, "feed.atom").contains("A failed deploy is being rolled back."));

		platform.close();
		platform = null;

		String html = read(dir, "index.html");
		JsonNode status = Api.JSON.readTree(read(dir, "status.json"));
		DocumentBuilderFactory parsers = DocumentBuilderFactory.newInstance();
		parsers.setNamespaceAware(true);
		Document feed = parsers.newDocumentBuilder()
			.parse(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("feed.atom"))));
		assertThat(html).contains("Checkout errors in eu-west-1", "Major outage", "checkout in eu-west-1")
			.doesNotContain("INTERNAL db-17")
			.endsWith("</html>\n");
		assertThat(status.path("overall").asString()).isEqualTo("MAJOR_OUTAGE");
		assertThat(status.toString()).contains("Checkout errors in eu-west-1").doesNotContain("INTERNAL db-17");
		assertThat(feed.getDocumentElement().getLocalName()).isEqualTo("feed");
		assertThat(feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength())
			.isGreaterThanOrEqualTo(1);
		try (Stream<Path> files = Files.list(dir)) {
			assertThat(files.map((file) -> file.getFileName().toString()).sorted())
				.as("whole files only, no temporary one left")
				.containsExactly("feed.atom", "index.html", "status.json");
		}
	}

	private static String read(Path dir, String name) throws java.io.IOException {
		return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
	}

	/** Notes round-robin over the incidents, each one's version kept. */
	private static void notes(List<String> incidents, Map<String, Long> versions) {
		try {
			for (int n = 0; n < NOTES; n++) {
				String incident = incidents.get(n % incidents.size());
				JsonNode noted = accepted(call("POST", command + "/api/incidents/" + incident + "/notes",
						"{\"text\":\"Note " + n + "\"}", responder));
				versions.put(incident, noted.path("version").asLong());
				Thread.sleep(25);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long lastDelivered(JsonNode subscription, String incident) {
		for (JsonNode lane : subscription.path("delivery")) {
			if (incident.equals(lane.path("incidentId").asString())) {
				return lane.path("lastDeliveredSequence").asLong(-1);
			}
		}
		return -1;
	}

}
