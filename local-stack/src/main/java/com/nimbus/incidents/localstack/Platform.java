package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local stack: a Kafka broker, a Mongo-protocol store and the three services, each in
 * its own JVM on loopback. Used by {@code ./platform up} and by the end-to-end tests, so
 * that both exercise the same start-up path. A child that exits unless asked to is
 * started again by the {@link Supervisor}; a start that fails stops everything already
 * started, so the stack is never left answering on some ports only.
 */
public final class Platform implements AutoCloseable {

	private static final Duration INFRA_START = Duration.ofSeconds(60);

	private static final Duration SERVICE_START = Duration.ofSeconds(120);

	private static final Duration STOP_GRACE = Duration.ofSeconds(30);

	private static final Duration ARCHIVE_HANDOVER = Duration.ofSeconds(30);

	/**
	 * Gives the C library's free memory back to the system every 5 s. The compilers'
	 * arenas, Kafka's and Netty's buffers and the H2 store's page reads are freed by the
	 * JVM but kept by glibc's allocator, so a process's resident size stayed at its
	 * busiest moment's native high-water mark; trimmed, it follows what the process
	 * holds.
	 */
	private static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

	/**
	 * The store's heap, all of it from the start (ADR 42). Grown from a small start, the
	 * serial collector kept it at about its live data (an old generation of 48 MiB for 31
	 * live, survivors of 2.3 MiB): the pages a commit keeps for a few hundred
	 * milliseconds were promoted and the old generation filled every 3-4 s, a full
	 * collection of about 110 ms that stopped every service's reads and writes at once.
	 */
	private static final String STORE_HEAP = "384m";

	/** C1 only: compiles quickly, for a JVM that lives short or serves people. */
	private static final String QUICK_COMPILER_ONLY = "-XX:TieredStopAtLevel=1";

	private final PlatformSettings settings;

	/** Guarded by {@code this}, as is {@link #closed} when written. */
	private final Map<Component, ChildJvm> children = new EnumMap<>(Component.class);

	/** One per component: a start, stop or kill of it waits for the one under way. */
	private final Map<Component, Object> locks = new EnumMap<>(Component.class);

	private final PidFile pidFile;

	private final LocalIssuer issuer;

	private final Supervisor supervisor;

	private final ConsoleReport report;

	private final ArchiveHandovers archives = new ArchiveHandovers();

	private volatile boolean closed;

	private volatile String kafkaBootstrap;

	private volatile String mongoUri;

	private Platform(PlatformSettings settings) {
		this.settings = settings;
		this.pidFile = new PidFile(settings.dataDir().resolve("platform.pids"));
		this.issuer = LocalIssuer.at(settings.dataDir().resolve("keys"));
		for (Component component : Component.values()) {
			this.locks.put(component, new Object());
		}
		this.report = new ConsoleReport(System.out, settings.dataDir().resolve("logs").resolve("platform.log"));
		this.supervisor = new Supervisor(this::start, this::discard, RestartBackoff.DEFAULT, this.report,
				Clock.systemUTC(), Component.values().length);
	}

	/**
	 * A platform with nothing started yet, so that a caller can arrange for
	 * {@link #close()} (a shutdown hook) before {@link #startAll()}.
	 */
	public static Platform create(PlatformSettings settings) {
		return new Platform(settings);
	}

	/**
	 * Starts every component and returns once each service reports healthy.
	 */
	public static Platform start(PlatformSettings settings) throws Exception {
		Platform platform = new Platform(settings);
		platform.startAll();
		return platform;
	}

	/**
	 * Starts every component in order and returns once each service reports healthy. If
	 * one does not start, stops every component already started and throws, naming it.
	 */
	public void startAll() throws Exception {
		try {
			this.pidFile.stopLeftovers();
			for (Component component : Component.values()) {
				try {
					start(component);
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						Thread.currentThread().interrupt();
					}
					throw new IllegalStateException(component.processName() + " did not start: " + ex.getMessage(), ex);
				}
			}
		}
		catch (Exception | Error ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Starts one component, or starts it again after {@link #kill} or {@link #stop}, on
	 * its port with its arguments, and watches it from then on.
	 */
	public void start(Component component) throws Exception {
		synchronized (this.locks.get(component)) {
			ChildJvm child = switch (component) {
				case KAFKA -> startKafka();
				case MONGO -> startMongo();
				default -> startService(component);
			};
			if (child != null) {
				this.supervisor.running(component, child.exited());
			}
		}
	}

	private ChildJvm startKafka() throws Exception {
		if (this.settings.externalKafka().isPresent()) {
			this.kafkaBootstrap = this.settings.externalKafka().get();
			return null;
		}
		ChildJvm kafka = startChild(Component.KAFKA, infraJvm("32m", "192m"),
				List.of(KafkaBrokerMain.class.getName(), "--data-dir",
						this.settings.dataDir().resolve("kafka").toString(), "--host", this.settings.host(), "--port",
						String.valueOf(this.settings.kafkaPort()), "--controller-port",
						String.valueOf(this.settings.kafkaControllerPort()), "--parent-pid", selfPid()));
		this.kafkaBootstrap = kafka.awaitReady(INFRA_START);
		return kafka;
	}

	private ChildJvm startMongo() throws Exception {
		if (this.settings.externalMongo().isPresent()) {
			this.mongoUri = this.settings.externalMongo().get();
			return null;
		}
		List<String> arguments = new ArrayList<>(List.of(MongoStoreMain.class.getName(), "--host", this.settings.host(),
				"--port", String.valueOf(this.settings.mongoPort()), "--parent-pid", selfPid()));
		if (!this.settings.inMemoryStore()) {
			arguments.addAll(List.of("--data-file", this.settings.dataDir().resolve("mongo/store.mv").toString()));
		}
		ChildJvm mongo = startChild(Component.MONGO, infraJvm(STORE_HEAP, STORE_HEAP), arguments);
		this.mongoUri = mongo.awaitReady(INFRA_START);
		return mongo;
	}

	private ChildJvm startService(Component component) throws Exception {
		ClassDataArchive.Launch launch = ClassDataArchive.prepare(serviceJar(component), component.processName(),
				this.report);
		List<String> jvm = new ArrayList<>(serviceJvm(component));
		jvm.addAll(launch.jvmOptions());
		List<String> mainAndArgs = new ArrayList<>(List.of("-jar", launch.jar().toString()));
		mainAndArgs.addAll(serviceArguments(component));
		ChildJvm service = startChild(component, jvm, mainAndArgs);
		this.archives.track(service.exited(), launch.onExit());
		service.awaitHealthy(URI.create(baseUrl(component) + "/actuator/health"), SERVICE_START, () -> this.closed);
		return service;
	}

	/**
	 * Heaps start small and grow with need (the default initial heap, a 64th of the
	 * machine's memory, is committed and soon touched by young collections); the serial
	 * collector, one thread, fits a laptop-sized stack. A JVM out of memory exits at once
	 * (and the supervisor starts it again) instead of limping on with threads dead.
	 */
	private List<String> infraJvm(String initialHeap, String maxHeap) {
		List<String> options = new ArrayList<>(List.of("-Xms" + initialHeap, "-Xmx" + maxHeap, "-XX:+UseSerialGC",
				"-XX:+ExitOnOutOfMemoryError", TRIM_NATIVE_HEAP));
		if (this.settings.quickCompilerOnly()) {
			options.add(QUICK_COMPILER_ONLY);
		}
		options.addAll(List.of("-Dlogback.configurationFile=localstack-logback.xml", "-cp",
				System.getProperty("java.class.path")));
		return options;
	}

	/**
	 * Heaps sized to what each service holds under the benchmark's load (see
	 * {@code ./platform bench}): the console keeps nothing but sessions. Out of memory, a
	 * service exits (exit code 3) rather than answer on with a dead consumer thread.
	 */
	private List<String> serviceJvm(Component component) {
		List<String> options = new ArrayList<>(List.of("-Xms32m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
				TRIM_NATIVE_HEAP, "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k"));
		// the console serves pages for people, not load: a small heap and the quick
		// compiler only
		options.add((component == Component.CONSOLE) ? "-Xmx64m" : "-Xmx160m");
		if (component == Component.CONSOLE || this.settings.quickCompilerOnly()) {
			options.add(QUICK_COMPILER_ONLY);
		}
		return options;
	}

	private List<String> serviceArguments(Component component) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--server.address=" + this.settings.host());
		arguments.add("--server.port=" + port(component));
		if (component == Component.CONSOLE) {
			// the console holds no data: it calls the APIs with the signed-in user's
			// token
			arguments.add("--console.command-url=" + baseUrl(Component.COMMAND));
			arguments.add("--console.query-url=" + baseUrl(Component.QUERY));
			arguments.add("--console.notifier-url=" + baseUrl(Component.NOTIFIER));
			arguments.add("--console.local-key-dir=" + this.settings.dataDir().resolve("keys"));
			arguments.add("--logging.structured.format.console=ecs");
			return arguments;
		}
		if (component == Component.NOTIFIER) {
			// receivers on this machine are fine locally; links point at this console
			arguments.add("--spring.profiles.active=local");
			arguments.add("--notifier.console-url=" + baseUrl(Component.CONSOLE));
			arguments.add("--notifier.status-export.dir=" + this.settings.statusExportDir());
			arguments.add("--notifier.status-export.query-url=" + baseUrl(Component.QUERY));
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

	/**
	 * Starts a child unless the platform is stopping, under the lock {@link #close()}
	 * takes, so that no child is started after close has collected the ones to stop.
	 */
	private synchronized ChildJvm startChild(Component component, List<String> jvm, List<String> mainAndArgs) {
		if (this.closed) {
			throw new IllegalStateException("the local stack is stopping");
		}
		ChildJvm child = ChildJvm.start(component.processName(), jvm, mainAndArgs, this.settings.logFile(component));
		this.children.put(component, child);
		this.pidFile.record(component, child.pid());
		return child;
	}

	private synchronized ChildJvm take(Component component) {
		return this.children.remove(component);
	}

	/**
	 * Kills what a failed restart left, keeping the component supervised.
	 */
	private void discard(Component component) {
		synchronized (this.locks.get(component)) {
			ChildJvm child = take(component);
			if (child != null) {
				child.kill();
			}
		}
	}

	/**
	 * Stops a component gracefully; the supervisor leaves it stopped.
	 */
	public void stop(Component component) {
		synchronized (this.locks.get(component)) {
			this.supervisor.release(component);
			ChildJvm child = take(component);
			if (child != null) {
				child.stop(STOP_GRACE);
			}
		}
	}

	/**
	 * Kills a component at once, as a crash would; the supervisor leaves it stopped, so
	 * that a test decides when it comes back.
	 */
	public void kill(Component component) {
		synchronized (this.locks.get(component)) {
			this.supervisor.release(component);
			ChildJvm child = take(component);
			if (child != null) {
				child.kill();
			}
		}
	}

	/**
	 * How many times the supervisor started the component again after it exited
	 * unexpectedly, and it came back.
	 */
	public int restarts(Component component) {
		return this.supervisor.restarts(component);
	}

	/**
	 * What the supervisor has said on the console, oldest first.
	 */
	public List<String> supervisorReports() {
		return this.supervisor.reports();
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
	public synchronized Map<Component, Long> pids() {
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
			case NOTIFIER -> this.settings.notifierPort();
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
	 * Stops the services first, then the store and the broker. Takes no component's lock:
	 * a start under way sees the platform closing and gives up, rather than hold Ctrl-C
	 * up for its two minutes. Safe to call more than once.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
		}
		this.supervisor.close();
		List<Component> order = new ArrayList<>(List.of(Component.values()));
		Collections.reverse(order);
		List<Thread> stopping = new ArrayList<>();
		for (Component component : order) {
			if (component.isService()) {
				Thread thread = new Thread(() -> halt(component), "stop-" + component.processName());
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
		this.archives.await(ARCHIVE_HANDOVER);
		halt(Component.MONGO);
		halt(Component.KAFKA);
		this.pidFile.clear();
	}

	private void halt(Component component) {
		ChildJvm child = take(component);
		if (child != null) {
			child.stop(STOP_GRACE);
		}
	}

}
