package com.nimbus.incidents.e2e;

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
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.nimbus.incidents.localstack.FreePorts;
import com.nimbus.incidents.e2e.CommandStream.Ack;
import com.nimbus.incidents.e2e.CommandStream.Target;
import com.nimbus.incidents.e2e.LogComparison.LoggedEvent;
import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two incident-command instances on one store and one broker, as a deployment with two
 * replicas runs: eight writers stream commands, writer {@code w} through instance
 * {@code w % 2}, and the even writers send every third command to the next (odd) writer's
 * incident, so that half the incidents take commands from both instances at once. One
 * instance is killed with {@code kill -9} mid-stream and the other goes on. Then every
 * acknowledged event is in the event store once, and on {@code incident-events} exactly
 * once, in order: each incident's sequences 0 to the store's last, one after the other,
 * on one partition, with the store's event ids.
 */
class TwoCommandInstancesEndToEndIT {

	private static final int WRITERS = 8;

	private static final int BEFORE_KILL = 120;

	private static final int AFTER_KILL = 120;

	private static Platform platform;

	private static CommandInstance second;

	private static CommandStream streamed;

	private static int eventsChecked;

	@BeforeAll
	static void start() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer().token("dana@nimbus.example", "RESPONDER", "VIEWER", "ADMIN");
		second = CommandInstance.start(platform);
	}

	@AfterAll
	static void stop() {
		if (streamed != null) {
			System.out.printf(
					"Two command instances: %d commands sent, %d acknowledged, %d failed or unanswered, %d events checked, 1 kill, 0 restarts%n",
					streamed.sent(), streamed.acknowledgedCount(), streamed.failed(), eventsChecked);
		}
		if (second != null) {
			second.close();
		}
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	void everyAcknowledgedEventIsPublishedOnceAndInOrderWhenOneOfTwoInstancesDies() throws Exception {
		String first = platform.baseUrl(Component.COMMAND);
		List<String> instances = List.of(first, second.baseUrl());
		List<String> incidents = CommandStream.declare(first, WRITERS, "two instances");
		CommandStream stream = new CommandStream(incidents, WRITERS, (writer, n) -> {
			boolean shared = writer % 2 == 0 && n % 3 == 2;
			return new Target(instances.get(writer % 2), incidents.get(shared ? writer + 1 : writer));
		});
		streamed = stream;
		try (stream) {
			stream.awaitMoreAcknowledgedVia(first, BEFORE_KILL / 2);
			stream.awaitMoreAcknowledgedVia(second.baseUrl(), BEFORE_KILL / 2);
			second.kill();
			stream.awaitMoreFailed(WRITERS / 2);
			stream.awaitMoreAcknowledged(AFTER_KILL);
		}
		LogComparison comparison = new LogComparison();
		stream.repeatedVersions().forEach(comparison::add);
		Map<String, NavigableMap<Long, Ack>> acks = stream.acknowledged();
		long writtenThroughBoth = acks.values()
			.stream()
			.filter((versions) -> versions.values()
				.stream()
				.map(Ack::via)
				.filter(Objects::nonNull)
				.distinct()
				.count() == 2)
			.count();
		if (writtenThroughBoth == 0) {
			comparison.add("no incident had commands acknowledged by both instances");
		}
		Map<String, List<LoggedEvent>> store = LogComparison.eventStore(platform.mongoUri(), incidents);
		Map<String, Long> last = LogComparison.lastSequences(store);
		acks.forEach((incident, versions) -> last.merge(incident, versions.lastKey(), Math::max));
		Map<String, List<LoggedEvent>> topic = LogComparison.awaitTopic(platform.kafkaBootstrap(), last);
		for (String incident : incidents) {
			comparison.checkStore(incident, store.get(incident), acks.get(incident));
			comparison.checkTopic(incident, topic.get(incident), store.get(incident), acks.get(incident));
		}
		eventsChecked = comparison.eventsChecked();
		System.out.printf(
				"Two command instances, one killed: %d commands sent, %d acknowledged (%d by the first, %d by the second), %d failed or unanswered %s, %d incidents written through both, %d events checked, %d findings%n",
				stream.sent(), stream.acknowledgedCount(), stream.acknowledgedVia(first),
				stream.acknowledgedVia(second.baseUrl()), stream.failed(), stream.failures(), writtenThroughBoth,
				eventsChecked, comparison.findings().size());
		comparison.assertNothingLostNothingTwice("With two command instances, one killed with kill -9");
	}

	/**
	 * A second incident-command JVM, started as the local stack starts the first: the
	 * same jar, JVM options and arguments, on a port of its own, against the same store,
	 * broker and issuer.
	 */
	private static final class CommandInstance implements AutoCloseable {

		private static final Duration START = Duration.ofSeconds(120);

		private final Process process;

		private final String baseUrl;

		private CommandInstance(Process process, String baseUrl) {
			this.process = process;
			this.baseUrl = baseUrl;
		}

		static CommandInstance start(Platform platform) throws Exception {
			String host = platform.settings().host();
			int port = FreePorts.next();
			List<String> command = new ArrayList<>();
			command.add(ProcessHandle.current().info().command().orElse("java"));
			command.addAll(List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m",
					"-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-Xmx160m"));
			command.addAll(
					List.of("-jar", jar(platform.settings().home()).toString(), "--server.address=" + host,
							"--server.port=" + port, "--spring.mongodb.uri=" + platform.mongoUri(),
							"--kafka.bootstrap-servers=" + platform.kafkaBootstrap(),
							"--spring.security.oauth2.resourceserver.jwt.public-key-location="
									+ platform.issuer().publicKeyLocation(),
							"--logging.structured.format.console=ecs"));
			Path log = platform.settings().dataDir().resolve("logs").resolve("incident-command-2.log");
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
			CommandInstance instance = new CommandInstance(builder.start(), "http://" + host + ":" + port);
			try {
				instance.awaitHealthy(log);
			}
			catch (RuntimeException | Error ex) {
				instance.close();
				throw ex;
			}
			return instance;
		}

		private void awaitHealthy(Path log) {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			HttpRequest health = HttpRequest.newBuilder(URI.create(this.baseUrl + "/actuator/health"))
				.timeout(Duration.ofSeconds(2))
				.build();
			Awaitility.await("the second incident-command healthy; see " + log)
				.atMost(START)
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.failFast("the second incident-command exited; see " + log, () -> !this.process.isAlive())
				.until(() -> {
					HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
					return response.statusCode() == 200 && response.body().contains("\"UP\"");
				});
		}

		private static Path jar(Path home) throws IOException {
			Path target = home.resolve("incident-command").resolve("target");
			try (Stream<Path> files = Files.list(target)) {
				return files
					.filter((file) -> file.getFileName().toString().startsWith("incident-command-")
							&& file.getFileName().toString().endsWith(".jar"))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("No jar in " + target + "; run ./mvnw package"));
			}
		}

		String baseUrl() {
			return this.baseUrl;
		}

		/** {@code kill -9}: no shutdown hook, nothing flushed. */
		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			if (this.process.isAlive()) {
				this.process.destroy();
				try {
					if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
						this.process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.process.destroyForcibly();
				}
			}
		}

	}

}
