package com.nimbus.incidents.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.get;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes that fail are seen and replaced: a service sent into a real
 * {@code OutOfMemoryError} from outside, and the store killed with {@code kill -9} by
 * someone other than the platform, are both started again by the local stack's supervisor
 * on their own ports, and the platform answers reads and writes again without anyone
 * touching it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisionEndToEndIT {

	/** From the old JVM's exit to the new one answering: 1 s back-off and a start. */
	private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

	/**
	 * How long to wait at most, so that a slow machine's failure says how long it took
	 * instead of only that it took too long.
	 */
	private static final Duration PATIENCE = Duration.ofSeconds(180);

	private static Platform platform;

	private static String command;

	private static String query;

	private static Path logs;

	@BeforeAll
	static void start() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer().token("x@nimbus.example", "RESPONDER", "VIEWER");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		logs = platform.settings().dataDir().resolve("logs");
	}

	@AfterAll
	static void stop() {
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	@Order(1)
	void aQueryServiceOutOfMemoryIsReplacedAndAnswersAgainWithinThirtySeconds() throws Exception {
		long before = platform.pids().get(Component.QUERY);
		ProcessHandle old = ProcessHandle.of(before).orElseThrow();

		OutOfMemory.sendInto(before, platform.settings().dataDir());
		old.onExit().get(BACK_WITHIN.toSeconds(), TimeUnit.SECONDS);
		long exited = System.nanoTime();
		Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> isUp(query));
		Duration back = Duration.ofNanos(System.nanoTime() - exited);
		System.out.printf("incident-query answered again %.1f s after its OutOfMemoryError%n",
				back.toMillis() / 1000.0);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> platform.restarts(Component.QUERY) == 1);

		assertThat(platform.pids().get(Component.QUERY)).as("a new JVM").isNotEqualTo(before);
		assertThat(ProcessHandle.of(before)).as("the old JVM is gone").isEmpty();
		assertThat(get(query + "/api/incidents").status()).isEqualTo(200);
		assertThat(Files.readString(logs.resolve("incident-query.log")))
			.as("a real OutOfMemoryError ended it, through -XX:+ExitOnOutOfMemoryError")
			.contains("Terminating due to java.lang.OutOfMemoryError: Java heap space");
		assertThat(platform.supervisorReports())
			.contains("incident-query exited unexpectedly (exit code 3); restarting in 1 s (restart 1)")
			.anySatisfy((line) -> assertThat(line).startsWith("incident-query is back (healthy after "));
		assertThat(Files.readString(logs.resolve("platform.log")))
			.contains("incident-query exited unexpectedly (exit code 3); restarting in 1 s (restart 1)")
			.contains("incident-query is back");
		assertThat(platform.restarts(Component.COMMAND)).as("nothing else was restarted").isZero();
		assertThat(back).as("back within %s of the OutOfMemoryError", BACK_WITHIN).isLessThanOrEqualTo(BACK_WITHIN);
	}

	@Test
	@Order(2)
	void aStoreKilledFromOutsideIsReplacedAndWritesSucceedAgain() throws Exception {
		long before = platform.pids().get(Component.MONGO);
		ProcessHandle store = ProcessHandle.of(before).orElseThrow();

		store.destroyForcibly();
		store.onExit().get(30, TimeUnit.SECONDS);
		Awaitility.await().atMost(PATIENCE).until(() -> platform.restarts(Component.MONGO) == 1);

		assertThat(platform.pids().get(Component.MONGO)).as("a new JVM").isNotEqualTo(before);
		assertThat(ProcessHandle.of(before)).as("the old JVM is gone").isEmpty();
		assertThat(platform.supervisorReports())
			.contains("mongo exited unexpectedly (exit code 137); restarting in 1 s (restart 1)")
			.anySatisfy((line) -> assertThat(line).startsWith("mongo is back (healthy after "));
		// the services reconnect by themselves: nobody restarts them
		AtomicReference<String> created = new AtomicReference<>();
		Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> {
			Api.Response write = post(command + "/api/incidents",
					"""
							{"title":"after the store came back","severity":"SEV3","detectionSource":"MONITORING","services":["dns"],"regions":["eu-west-1"]}""");
			if (write.status() == 201) {
				created.set(write.body().get("incidentId").asString());
			}
			return created.get() != null;
		});
		JsonNode summary = awaitVersion(query + "/api/incidents/" + created.get(), 0);
		assertThat(summary.get("title").asString()).isEqualTo("after the store came back");
		assertThat(platform.restarts(Component.COMMAND)).isZero();
	}

	private static boolean isUp(String baseUrl) throws Exception {
		Api.Response health = get(baseUrl + "/actuator/health");
		return health.status() == 200 && "UP".equals(health.body().get("status").asString());
	}

}
