package com.nimbus.incidents.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the local stack runs and what it runs.
 *
 * @param home the repository root, where each service's jar is built
 * @param dataDir Kafka's log, the store's file, the services' logs and the pid file
 * @param externalKafka bootstrap servers of a Kafka cluster to use instead of the
 * embedded broker
 * @param externalMongo a MongoDB connection string to use instead of the embedded store
 * @param inMemoryStore run the embedded store without a data file
 * @param serviceArguments extra {@code --name=value} arguments for every service
 * @param notifierPort the notifier's API
 * @param exportDirectory where the notifier exports the public status page as static
 * files, {@code null} for {@code <dataDir>/status-export}
 * @param quickCompilerOnly every JVM of the stack compiles with the quick compiler only
 * (C1): a short-lived stack, as each end-to-end test class starts, is up about a third
 * sooner; a stack that serves load for long ({@code ./platform up}, the benchmark) keeps
 * the optimizing compiler
 */
public record PlatformSettings(Path home, Path dataDir, String host, int kafkaPort, int kafkaControllerPort,
		int mongoPort, int commandPort, int queryPort, int projectorPort, int consolePort,
		Optional<String> externalKafka, Optional<String> externalMongo, boolean inMemoryStore,
		List<String> serviceArguments, int notifierPort, Path exportDirectory, boolean quickCompilerOnly) {

	public PlatformSettings {
		serviceArguments = List.copyOf(serviceArguments);
	}

	public static PlatformSettings defaults(Path home) {
		return new PlatformSettings(home, home.resolve("data"), "127.0.0.1", 9092, 9093, 27017, 8081, 8082, 8083, 8080,
				Optional.empty(), Optional.empty(), false, List.of(), 8084, null, false);
	}

	public PlatformSettings withPorts(int kafka, int kafkaController, int mongo, int command, int query, int projector,
			int console) {
		return new PlatformSettings(this.home, this.dataDir, this.host, kafka, kafkaController, mongo, command, query,
				projector, console, this.externalKafka, this.externalMongo, this.inMemoryStore, this.serviceArguments,
				this.notifierPort, this.exportDirectory, this.quickCompilerOnly);
	}

	public PlatformSettings withDataDir(Path newDataDir) {
		return new PlatformSettings(this.home, newDataDir, this.host, this.kafkaPort, this.kafkaControllerPort,
				this.mongoPort, this.commandPort, this.queryPort, this.projectorPort, this.consolePort,
				this.externalKafka, this.externalMongo, this.inMemoryStore, this.serviceArguments, this.notifierPort,
				this.exportDirectory, this.quickCompilerOnly);
	}

	public PlatformSettings withExternal(Optional<String> kafka, Optional<String> mongo) {
		return new PlatformSettings(this.home, this.dataDir, this.host, this.kafkaPort, this.kafkaControllerPort,
				this.mongoPort, this.commandPort, this.queryPort, this.projectorPort, this.consolePort, kafka, mongo,
				this.inMemoryStore, this.serviceArguments, this.notifierPort, this.exportDirectory,
				this.quickCompilerOnly);
	}

	public PlatformSettings withServiceArguments(List<String> arguments) {
		return new PlatformSettings(this.home, this.dataDir, this.host, this.kafkaPort, this.kafkaControllerPort,
				this.mongoPort, this.commandPort, this.queryPort, this.projectorPort, this.consolePort,
				this.externalKafka, this.externalMongo, this.inMemoryStore, arguments, this.notifierPort,
				this.exportDirectory, this.quickCompilerOnly);
	}

	/**
	 * The notifier's port (8084 by default); the other ports are set by
	 * {@link #withPorts}.
	 */
	public PlatformSettings withNotifierPort(int port) {
		return new PlatformSettings(this.home, this.dataDir, this.host, this.kafkaPort, this.kafkaControllerPort,
				this.mongoPort, this.commandPort, this.queryPort, this.projectorPort, this.consolePort,
				this.externalKafka, this.externalMongo, this.inMemoryStore, this.serviceArguments, port,
				this.exportDirectory, this.quickCompilerOnly);
	}

	/**
	 * The notifier exports the public status page into this directory
	 * ({@code --status-export-dir}).
	 */
	public PlatformSettings withStatusExportDir(Path directory) {
		return new PlatformSettings(this.home, this.dataDir, this.host, this.kafkaPort, this.kafkaControllerPort,
				this.mongoPort, this.commandPort, this.queryPort, this.projectorPort, this.consolePort,
				this.externalKafka, this.externalMongo, this.inMemoryStore, this.serviceArguments, this.notifierPort,
				directory, this.quickCompilerOnly);
	}

	/**
	 * Every JVM of the stack with the quick compiler only (see the record's description).
	 */
	public PlatformSettings withQuickCompilerOnly() {
		return new PlatformSettings(this.home, this.dataDir, this.host, this.kafkaPort, this.kafkaControllerPort,
				this.mongoPort, this.commandPort, this.queryPort, this.projectorPort, this.consolePort,
				this.externalKafka, this.externalMongo, this.inMemoryStore, this.serviceArguments, this.notifierPort,
				this.exportDirectory, true);
	}

	/**
	 * Where the notifier exports the public status page: {@code --status-export-dir}, by
	 * default {@code status-export} in the data directory.
	 */
	public Path statusExportDir() {
		return (this.exportDirectory != null) ? this.exportDirectory : this.dataDir.resolve("status-export");
	}

	/**
	 * Where a component's output goes.
	 */
	public Path logFile(Component component) {
		return this.dataDir.resolve("logs").resolve(component.processName() + ".log");
	}

}
