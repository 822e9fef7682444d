package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local stack: a Kafka broker, a Mongo-protocol store and the three services, each in
 * its own JVM on loopback. Used by {@code ./platform up} and by the end-to-end tests, so
 * that both exercise the same start-up path.
 */
public final class Platform implements AutoCloseable {

	private static final Duration INFRA_START = Duration.ofSeconds(60);

	private static final Duration SERVICE_START = Duration.ofSeconds(120);

	private static final Duration STOP_GRACE = Duration.ofSeconds(30);

	private final PlatformSettings settings;

	private final Map<Component, ChildJvm> children = new EnumMap<>(Component.class);

	private final PidFile pidFile;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final LocalIssuer issuer;

	private String kafkaBootstrap;

	private String mongoUri;

	private Platform(PlatformSettings settings) {
		this.settings = settings;
		this.pidFile = new PidFile(settings.dataDir().resolve("platform.pids"));
		this.issuer = LocalIssuer.at(settings.dataDir().resolve("keys"));
	}

	/**
	 * Starts every component and returns once each service reports healthy.
	 */
	public static Platform start(PlatformSettings settings) throws Exception {
		Platform platform = new Platform(settings);
		try {
			platform.pidFile.stopLeftovers();
			for (Component component : Component.values()) {
				platform.start(component);
			}
			return platform;
		}
		catch (Exception | Error ex) {
			platform.close();
			throw ex;
		}
	}

	/**
	 * Starts one component, or starts it again after {@link #kill} or {@link #stop}.
	 */
	public void start(Component component) throws Exception {
		switch (component) {
			case KAFKA -> {
				if (this.settings.externalKafka().isPresent()) {
					this.kafkaBootstrap = this.settings.externalKafka().get();
					return;
				}
				ChildJvm kafka = startChild(component, infraJvm("192m"),
						List.of(KafkaBrokerMain.class.getName(), "--data-dir",
								this.settings.dataDir().resolve("kafka").toString(), "--host", this.settings.host(),
								"--port", String.valueOf(this.settings.kafkaPort()), "--controller-port",
								String.valueOf(this.settings.kafkaControllerPort()), "--parent-pid", selfPid()));
				this.kafkaBootstrap = kafka.awaitReady(INFRA_START);
			}
			case MONGO -> {
				if (this.settings.externalMongo().isPresent()) {
					this.mongoUri = this.settings.externalMongo().get();
					return;
				}
				List<String> arguments = new ArrayList<>(
						List.of(MongoStoreMain.class.getName(), "--host", this.settings.host(), "--port",
								String.valueOf(this.settings.mongoPort()), "--parent-pid", selfPid()));
				if (!this.settings.inMemoryStore()) {
					arguments
						.addAll(List.of("--data-file", this.settings.dataDir().resolve("mongo/store.mv").toString()));
				}
				ChildJvm mongo = startChild(component, infraJvm("384m"), arguments);
				this.mongoUri = mongo.awaitReady(INFRA_START);
			}
			default -> {
				ChildJvm service = startChild(component, serviceJvm(component), serviceArguments(component));
				awaitHealthy(service, baseUrl(component));
			}
		}
	}

	/**
	 * Heaps start small and grow with need (the default initial heap, a 64th of the
	 * machine's memory, is committed and soon touched by young collections); the serial
	 * collector, one thread, fits a laptop-sized stack.
	 */
	private List<String> infraJvm(String heap) {
		return List.of("-Xms32m", "-Xmx" + heap, "-XX:+UseSerialGC",
				"-Dlogback.configurationFile=localstack-logback.xml", "-cp", System.getProperty("java.class.path"));
	}

	/**
	 * Heaps sized to what each service holds under the benchmark's load (see
	 * {@code ./platform bench}): the console keeps nothing but sessions.
	 */
	private List<String> serviceJvm(Component component) {
		List<String> options = new ArrayList<>(List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m",
				"-XX:ReservedCodeCacheSize=64m", "-Xss512k"));
		if (component == Component.CONSOLE) {
			// pages for people, not load: a small heap and the quick compiler only
			options.addAll(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"));
		}
		else {
			options.add("-Xmx160m");
		}
		return options;
	}

	private List<String> serviceArguments(Component component) {
		List<String> arguments = new ArrayList<>();
		arguments.add("-jar");
		arguments.add(serviceJar(component).toString());
		arguments.add("--server.address=" + this.settings.host());
		arguments.add("--server.port=" + port(component));
		if (component == Component.CONSOLE) {
			// the console holds no data: it calls the APIs with the signed-in user's
			// token
			arguments.add("--console.command-url=" + baseUrl(Component.COMMAND));
			arguments.add("--console.query-url=" + baseUrl(Component.QUERY));
			arguments.add("--console.local-key-dir=" + this.settings.dataDir().resolve("keys"));
			arguments.add("--logging.structured.format.console=ecs");
			return arguments;
		}
		arguments.add("--spring.mongodb.uri=" + this.mongoUri);
		arguments.add("--kafka.bootstrap-servers=" + this.kafkaBootstrap);
		arguments
			.add("--spring.security.oauth2.resourceserver.jwt.public-key-location=" + this.issuer.publicKeyLocation());
		// one JSON object per line (Elastic Common Schema), with incidentId and sequence
		// as fields
		arguments.add("--logging.structured.format.console=ecs");
		arguments.addAll(this.settings.serviceArguments());
		return arguments;
	}

	private Path serviceJar(Component component) {
		Path target = this.settings.home().resolve(component.processName()).resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files
				.filter((file) -> file.getFileName().toString().startsWith(component.processName() + "-")
						&& file.getFileName().toString().endsWith(".jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No jar in " + target + "; run ./mvnw package"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("No jar in " + target + "; run ./mvnw package", ex);
		}
	}

	private ChildJvm startChild(Component component, List<String> jvm, List<String> mainAndArgs) {
		ChildJvm child = ChildJvm.start(component.processName(), jvm, mainAndArgs,
				this.settings.dataDir().resolve("logs").resolve(component.processName() + ".log"));
		this.children.put(component, child);
		this.pidFile.record(component, child.pid());
		return child;
	}

	private void awaitHealthy(ChildJvm service, String baseUrl) throws Exception {
		Instant deadline = Instant.now().plus(SERVICE_START);
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (Instant.now().isBefore(deadline)) {
			if (!service.isAlive()) {
				throw new IllegalStateException(service.name() + " exited while starting; see " + service.logFile());
			}
			try {
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			TimeUnit.MILLISECONDS.sleep(200);
		}
		throw new IllegalStateException(
				service.name() + " was not healthy within " + SERVICE_START + "; see " + service.logFile());
	}

	/**
	 * Stops a component gracefully.
	 */
	public void stop(Component component) {
		ChildJvm child = this.children.remove(component);
		if (child != null) {
			child.stop(STOP_GRACE);
		}
	}

	/**
	 * Kills a component at once, as a crash would.
	 */
	public void kill(Component component) {
		ChildJvm child = this.children.remove(component);
		if (child != null) {
			child.kill();
		}
	}

	/**
	 * The issuer the services trust, to sign tokens for the API.
	 */
	public LocalIssuer issuer() {
		return this.issuer;
	}

	/**
	 * The process id of each running component, to watch its memory.
	 */
	public Map<Component, Long> pids() {
		Map<Component, Long> pids = new EnumMap<>(Component.class);
		this.children.forEach((component, child) -> pids.put(component, child.pid()));
		return pids;
	}

	public String kafkaBootstrap() {
		return this.kafkaBootstrap;
	}

	public String mongoUri() {
		return this.mongoUri;
	}

	public String baseUrl(Component component) {
		return "http://" + this.settings.host() + ":" + port(component);
	}

	private int port(Component component) {
		return switch (component) {
			case COMMAND -> this.settings.commandPort();
			case QUERY -> this.settings.queryPort();
			case PROJECTOR -> this.settings.projectorPort();
			case CONSOLE -> this.settings.consolePort();
			default -> throw new IllegalArgumentException(component + " has no HTTP port");
		};
	}

	public PlatformSettings settings() {
		return this.settings;
	}

	private static String selfPid() {
		return String.valueOf(ProcessHandle.current().pid());
	}

	/**
	 * Stops the services first, then the store and the broker.
	 */
	@Override
	public void close() {
		List<Component> order = new ArrayList<>(List.of(Component.values()));
		java.util.Collections.reverse(order);
		List<Thread> stopping = new ArrayList<>();
		for (Component component : order) {
			if (component.isService()) {
				Thread thread = new Thread(() -> stop(component), "stop-" + component.processName());
				thread.start();
				stopping.add(thread);
			}
		}
		for (Thread thread : stopping) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		stop(Component.MONGO);
		stop(Component.KAFKA);
		this.pidFile.clear();
	}

	/**
	 * The pids of the running children, so that a supervisor killed without warning
	 * leaves nothing behind after the next start.
	 */
	private static final class PidFile {

		private final Path file;

		PidFile(Path file) {
			this.file = file;
		}

		synchronized void record(Component component, long pid) {
			try {
				Files.createDirectories(this.file.getParent());
				Files.writeString(this.file, component.processName() + " " + pid + System.lineSeparator(),
						java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		void stopLeftovers() throws IOException {
			if (!Files.exists(this.file)) {
				return;
			}
			for (String line : Files.readAllLines(this.file)) {
				String[] parts = line.trim().split(" ");
				if (parts.length != 2) {
					continue;
				}
				ProcessHandle.of(Long.parseLong(parts[1]))
					.filter((
							process) -> process.info().commandLine().map((cmd) -> cmd.contains(parts[0])).orElse(false))
					.ifPresent((process) -> {
						System.err
							.println("Stopping " + parts[0] + " (pid " + process.pid() + ") left from an earlier run");
						process.destroy();
						process.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally((ex) -> {
							process.destroyForcibly();
							return process;
						}).join();
					});
			}
			Files.delete(this.file);
		}

		void clear() {
			try {
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				// nothing to clean up then
			}
		}

	}

}
