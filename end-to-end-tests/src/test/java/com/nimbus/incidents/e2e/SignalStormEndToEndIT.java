package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.e2e.AlertStormSender.ServiceRegion;
import com.nimbus.incidents.e2e.SignalRecords.StoredEvent;
import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No signal lost and no window opened twice when a process dies in an alert storm
 * (signals.md): 3,200 signals over 100 alerts on 10 components are sent from 4 threads in
 * about 10 s, as Alertmanager bodies of 20 alerts, retried on a 5xx or no answer as
 * Alertmanager does; a quarter into the storm the command service (first test) or the
 * broker (second test) is killed with {@code kill -9} from outside, and the local stack's
 * supervisor starts it again by itself. Once every body is answered 202 and the placer
 * has caught up with the {@code signals} topic:
 * <ul>
 * <li>every alert of a body answered 202 is on the {@code signals} topic (key
 * {@code source:fingerprint}), and the topic holds at least as many of the storm's
 * records as the answers counted accepted;</li>
 * <li>every alert has exactly one {@code SignalReceived} firing event over all the event
 * store's incidents;</li>
 * <li>every component has exactly one declared incident and exactly one impact window
 * with {@code source: MONITOR}, in that incident, which also holds all the component's
 * alerts; and the query API shows that window, open, with {@code source: MONITOR}.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalStormEndToEndIT {

	private static final int COMPONENTS = 10;

	private static final int ALERTS_PER_COMPONENT = 10;

	private static final int BODIES = 160;

	private static final int ALERTS_PER_BODY = 20;

	private static final int THREADS = 4;

	/** 160 bodies in 10 s. */
	private static final Duration INTERVAL = Duration.ofMillis(10_000 / BODIES);

	/** Bodies answered 202 before the kill: a quarter of the storm. */
	private static final int KILL_AFTER = BODIES / 4;

	private static final Duration PATIENCE = Duration.ofSeconds(180);

	private static Platform platform;

	private static String command;

	private static String query;

	private static long signalsSent;

	private static long requests;

	private static long accepted;

	private static int kills;

	private static int restarts;

	@BeforeAll
	static void start() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer().token("storm-reader@nimbus.example", "RESPONDER", "VIEWER", "ADMIN");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
	}

	@AfterAll
	static void stop() {
		System.out.printf("Signal storms: %d signals sent in %d requests, %d accepted, %d kills, %d restarts%n",
				signalsSent, requests, accepted, kills, restarts);
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	@Order(1)
	void killingTheCommandServiceInAStormLosesNoSignalAndOpensNoWindowTwice() throws Exception {
		survivesKill9InAStorm(Component.COMMAND, "alertmanager-storm-command", "cmd");
	}

	@Test
	@Order(2)
	void killingTheBrokerInAStormLosesNoSignalAndOpensNoWindowTwice() throws Exception {
		survivesKill9InAStorm(Component.KAFKA, "alertmanager-storm-broker", "brk");
	}

	private void survivesKill9InAStorm(Component victim, String source, String prefix) throws Exception {
		AlertStormSender storm = new AlertStormSender(command, platform.issuer().token(source, "MONITOR"), prefix,
				COMPONENTS, ALERTS_PER_COMPONENT, BODIES, ALERTS_PER_BODY);
		int restartsBefore = platform.restarts(victim);
		List<Thread> senders = storm.start(THREADS, INTERVAL);
		try {
			Awaitility.await("a quarter of the storm answered 202")
				.atMost(PATIENCE)
				.until(() -> storm.answered202() >= KILL_AFTER);
			ProcessHandle process = ProcessHandle.of(platform.pids().get(victim)).orElseThrow();
			process.destroyForcibly();
			process.onExit().get(30, TimeUnit.SECONDS);
			kills++;
			Awaitility.await(victim.processName() + " started again by the supervisor")
				.atMost(PATIENCE)
				.until(() -> platform.restarts(victim) == restartsBefore + 1);
			restarts++;
		}
		finally {
			for (Thread sender : senders) {
				sender.join(TimeUnit.MINUTES.toMillis(5));
			}
			signalsSent += storm.signals();
			requests += storm.attempts();
			accepted += storm.accepted();
		}
		System.out.printf("Storm with kill -9 of %s: %s%n", victim.processName(), storm.counts());
		assertThat(senders).as("senders done").noneMatch(Thread::isAlive);
		assertThat(storm.refused()).as("answers other than 202 that are not retried").isEmpty();
		assertThat(storm.answered202()).as("every body answered 202 in the end").isEqualTo(BODIES);
		awaitPlacerCaughtUp();
		List<String> findings = new ArrayList<>();
		checkTopic(storm, source, findings);
		checkStore(storm, source, findings);
		assertThat(findings).as("after kill -9 of %s in a storm", victim.processName()).isEmpty();
	}

	/**
	 * Quiet: the placer has committed every record of the {@code signals} topic, and
	 * commits after storing what a record did.
	 */
	private static void awaitPlacerCaughtUp() throws Exception {
		try {
			Awaitility.await("the placer's lag on " + SignalRecords.TOPIC)
				.atMost(PATIENCE)
				.pollInterval(Duration.ofSeconds(1))
				.ignoreExceptions()
				.until(() -> SignalRecords.placerLag(platform.kafkaBootstrap()) == 0);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The placer did not catch up with " + SignalRecords.TOPIC + " within " + PATIENCE
					+ " (lag " + SignalRecords.placerLag(platform.kafkaBootstrap())
					+ "); the command service's health: " + get(command + "/actuator/health").text(), ex);
		}
	}

	private static void checkTopic(AlertStormSender storm, String source, List<String> findings) {
		Map<String, Integer> topic = SignalRecords.topicKeys(platform.kafkaBootstrap(), source);
		for (String fingerprint : storm.acknowledgedFingerprints()) {
			if (!topic.containsKey(source + ":" + fingerprint)) {
				findings.add(fingerprint + " was in a body answered 202 but is not on the signals topic");
			}
		}
		long records = topic.values().stream().mapToLong(Integer::longValue).sum();
		if (records < storm.accepted()) {
			findings.add("the signals topic holds " + records + " of the storm's records; the 202 answers counted "
					+ storm.accepted() + " accepted");
		}
		System.out.printf("  signals topic: %d records for %d alerts (%d acknowledged)%n", records, topic.size(),
				storm.acknowledgedFingerprints().size());
	}

	private static void checkStore(AlertStormSender storm, String source, List<String> findings) throws Exception {
		Map<String, List<StoredEvent>> firing = new TreeMap<>();
		Map<String, List<StoredEvent>> windows = new TreeMap<>();
		Map<String, List<StoredEvent>> declared = new TreeMap<>();
		Set<String> ours = new LinkedHashSet<>();
		storm.components().forEach((component) -> ours.add(component.key()));
		for (StoredEvent event : SignalRecords.storedSignalEvents(platform.mongoUri())) {
			JsonNode payload = event.payload();
			String component = payload.path("service").asString("") + "|" + payload.path("region").asString("");
			switch (event.type()) {
				case "SignalReceived" -> {
					if (source.equals(payload.path("source").asString(""))
							&& "FIRING".equals(payload.path("status").asString(""))) {
						firing.computeIfAbsent(payload.path("fingerprint").asString(), (f) -> new ArrayList<>())
							.add(event);
					}
				}
				case "ImpactReported" -> {
					if (ours.contains(component) && "MONITOR".equals(payload.path("source").asString(""))) {
						windows.computeIfAbsent(component, (c) -> new ArrayList<>()).add(event);
					}
				}
				default -> {
					for (JsonNode service : payload.path("services")) {
						for (JsonNode region : payload.path("regions")) {
							String covered = service.asString() + "|" + region.asString();
							if (ours.contains(covered)) {
								declared.computeIfAbsent(covered, (c) -> new ArrayList<>()).add(event);
							}
						}
					}
				}
			}
		}
		for (String fingerprint : storm.acknowledgedFingerprints()) {
			int count = firing.getOrDefault(fingerprint, List.of()).size();
			if (count != 1) {
				findings.add(fingerprint + " has " + count + " SignalReceived FIRING events: "
						+ incidents(firing.get(fingerprint)));
			}
		}
		firing.keySet()
			.stream()
			.filter((fingerprint) -> !storm.acknowledgedFingerprints().contains(fingerprint))
			.forEach((fingerprint) -> findings.add(fingerprint + " was received but never acknowledged"));
		Map<String, String> incidentOf = new LinkedHashMap<>();
		for (ServiceRegion component : storm.components()) {
			List<StoredEvent> its = windows.getOrDefault(component.key(), List.of());
			List<StoredEvent> declarations = declared.getOrDefault(component.key(), List.of());
			if (its.size() != 1) {
				findings.add(component.key() + " has " + its.size() + " MONITOR windows, in " + incidents(its));
			}
			if (declarations.size() != 1) {
				findings.add(component.key() + " has " + declarations.size() + " declared incidents: "
						+ incidents(declarations));
			}
			if (its.size() != 1) {
				continue;
			}
			String incident = its.get(0).incidentId();
			incidentOf.put(component.key(), incident);
			if (declarations.size() == 1 && !declarations.get(0).incidentId().equals(incident)) {
				findings.add(component.key() + "'s window is in " + incident + ", declared was "
						+ declarations.get(0).incidentId());
			}
			for (String fingerprint : component.fingerprints()) {
				for (StoredEvent received : firing.getOrDefault(fingerprint, List.of())) {
					if (!received.incidentId().equals(incident)) {
						findings.add(fingerprint + " fired in " + received.incidentId()
								+ ", its component's window is in " + incident);
					}
				}
			}
		}
		checkQueryApi(windows, incidentOf, findings);
		System.out.printf(
				"  event store: %d alerts with SignalReceived FIRING (%d events), %d MONITOR windows, "
						+ "%d declared incidents on %d components%n",
				firing.size(), firing.values().stream().mapToInt(List::size).sum(),
				windows.values().stream().mapToInt(List::size).sum(),
				declared.values().stream().mapToInt(List::size).sum(), storm.components().size());
	}

	/**
	 * The query API shows each component's one window, open, with {@code source:
	 * MONITOR}, once it has caught up with the store.
	 */
	private static void checkQueryApi(Map<String, List<StoredEvent>> windows, Map<String, String> incidentOf,
			List<String> findings) {
		for (Map.Entry<String, String> entry : incidentOf.entrySet()) {
			String incident = entry.getValue();
			JsonNode summary = awaitVersion(query + "/api/incidents/" + incident,
					SignalRecords.lastSequence(platform.mongoUri(), incident), PATIENCE);
			String impactId = windows.get(entry.getKey()).get(0).payload().path("impactId").asString();
			List<JsonNode> shown = new ArrayList<>();
			for (String list : List.of("openImpacts", "closedImpacts")) {
				for (JsonNode impact : summary.path(list)) {
					if (entry.getKey()
						.equals(impact.path("service").asString() + "|" + impact.path("region").asString())) {
						shown.add(impact);
					}
				}
			}
			if (shown.size() != 1 || !impactId.equals(shown.get(0).path("impactId").asString())
					|| !"MONITOR".equals(shown.get(0).path("source").asString(""))
					|| !shown.get(0).path("open").asBoolean()) {
				findings.add(incident + " in the query API shows " + shown + " for " + entry.getKey()
						+ "; the store has one open MONITOR window " + impactId);
			}
		}
	}

	private static List<String> incidents(List<StoredEvent> events) {
		return (events != null) ? events.stream().map((event) -> event.incidentId() + "@" + event.sequence()).toList()
				: List.of();
	}

}
