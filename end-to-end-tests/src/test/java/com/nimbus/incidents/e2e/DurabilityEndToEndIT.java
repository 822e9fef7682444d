package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.nimbus.incidents.e2e.CommandStream.Ack;
import com.nimbus.incidents.e2e.CommandStream.Target;
import com.nimbus.incidents.e2e.LogComparison.LoggedEvent;
import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.LogExcerpt;
import com.nimbus.incidents.localstack.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nothing lost, nothing twice, whatever process dies: eight writers stream notes and
 * actions into eight incidents of their own while one component is killed with
 * {@code kill -9}, the stream goes on while it is down, pauses while it starts again (on
 * two shared cores a JVM start is slow enough without eight writers), and goes on. Then,
 * for every incident, the command service's event store, the {@code incident-events}
 * topic and the query service's read model each hold the sequences 0 to the store's last
 * once, in order, with the same event ids, every acknowledged command's event at the
 * version it was acknowledged with; and the next write gets the version after the store's
 * last.
 * <p>
 * One test per component, each on incidents of its own; the store last, as today it loses
 * what it acknowledged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DurabilityEndToEndIT {

	private static final int WRITERS = 8;

	/** Acknowledged commands before the kill, and again after the restart. */
	private static final int BEFORE_KILL = 80;

	private static final int AFTER_RESTART = 80;

	/** Acknowledged commands while a component the writes do not need is down. */
	private static final int WHILE_DOWN = 40;

	/** Failed commands while a component the writes need is down. */
	private static final int FAILED_WHILE_DOWN = WRITERS;

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static Platform platform;

	private static String command;

	private static String query;

	private static int sent;

	private static int acknowledged;

	private static int failed;

	private static int eventsChecked;

	private static int kills;

	private static int restarts;

	@BeforeAll
	static void start() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer().token("dana@nimbus.example", "RESPONDER", "VIEWER", "ADMIN");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
	}

	@AfterAll
	static void stop() {
		System.out.printf(
				"Durability: %d commands sent, %d acknowledged, %d failed or unanswered, %d events checked, %d kills, %d restarts%n",
				sent, acknowledged, failed, eventsChecked, kills, restarts);
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	@Order(1)
	void killingTheProjectorLosesNothingAndRepeatsNothing() throws Exception {
		survivesKill9Of(Component.PROJECTOR);
	}

	@Test
	@Order(2)
	void killingTheBrokerLosesNothingAndRepeatsNothing() throws Exception {
		survivesKill9Of(Component.KAFKA);
	}

	@Test
	@Order(3)
	void killingTheCommandServiceLosesNothingAndRepeatsNothing() throws Exception {
		survivesKill9Of(Component.COMMAND);
	}

	@Test
	@Order(4)
	void killingTheStoreLosesNothingAndRepeatsNothing() throws Exception {
		survivesKill9Of(Component.MONGO);
	}

	private void survivesKill9Of(Component component) throws Exception {
		List<String> incidents = CommandStream.declare(command, WRITERS, "durability, " + component.processName());
		CommandStream stream = new CommandStream(incidents, WRITERS,
				(writer, n) -> new Target(command, incidents.get(writer)));
		try (stream) {
			stream.awaitMoreAcknowledged(BEFORE_KILL);
			platform.kill(component);
			kills++;
			if (component == Component.PROJECTOR || component == Component.KAFKA) {
				stream.awaitMoreAcknowledged(WHILE_DOWN);
			}
			else {
				stream.awaitMoreFailed(FAILED_WHILE_DOWN);
			}
			stream.pause();
			platform.start(component);
			restarts++;
			stream.resume();
			stream.awaitMoreAcknowledged(AFTER_RESTART);
		}
		finally {
			sent += stream.sent();
			acknowledged += stream.acknowledgedCount();
			failed += stream.failed();
		}
		LogComparison comparison = new LogComparison();
		stream.repeatedVersions().forEach(comparison::add);
		Map<String, NavigableMap<Long, Ack>> acks = stream.acknowledged();
		Map<String, List<LoggedEvent>> store = LogComparison.eventStore(platform.mongoUri(), incidents);
		Map<String, Long> last = LogComparison.lastSequences(store);
		acks.forEach((incident, versions) -> last.merge(incident, versions.lastKey(), Math::max));
		Map<String, List<LoggedEvent>> topic = LogComparison.awaitTopic(platform.kafkaBootstrap(), last);
		Instant deadline = Instant.now().plus(PATIENCE);
		for (String incident : incidents) {
			List<LoggedEvent> stored = store.get(incident);
			comparison.checkStore(incident, stored, acks.get(incident));
			comparison.checkTopic(incident, topic.get(incident), stored, acks.get(incident));
			comparison.checkReadModel(incident, LogComparison.readModel(query, incident, last.get(incident), deadline),
					stored, acks.get(incident));
		}
		for (String incident : incidents) {
			comparison.checkNextWrite(command, platform.mongoUri(), incident, acks.get(incident).lastKey());
		}
		eventsChecked += comparison.eventsChecked();
		System.out.printf(
				"After kill -9 of %s: %d commands sent, %d acknowledged, %d failed or unanswered %s, %d events checked, %d findings%n",
				component.processName(), stream.sent(), stream.acknowledgedCount(), stream.failed(), stream.failures(),
				comparison.eventsChecked(), comparison.findings().size());
		comparison.assertNothingLostNothingTwice("After kill -9 of " + component.processName(),
				DurabilityEndToEndIT::whatTheStackSaid);
	}

	/**
	 * For a failure's message: the projector's health (its gaps, its last error) and the
	 * last problems in the logs.
	 */
	private static String whatTheStackSaid() {
		String health;
		try {
			health = Api.get(platform.baseUrl(Component.PROJECTOR) + "/actuator/health").text();
		}
		catch (Exception ex) {
			health = "unreadable: " + ex;
		}
		return "projector health: " + health + System.lineSeparator()
				+ Stream.of(Component.PROJECTOR, Component.QUERY, Component.COMMAND, Component.MONGO)
					.map((logged) -> LogExcerpt.describe(platform.settings().logFile(logged), 8))
					.collect(Collectors.joining(System.lineSeparator()));
	}

}
