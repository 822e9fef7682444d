package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.PlatformSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Start-up is all or nothing: when one component cannot start, the ones already started
 * are stopped again, so {@code ./platform up} never leaves a stack answering on some
 * ports only.
 */
class StartUpEndToEndIT {

	@Test
	void aComponentThatDoesNotStartStopsEverythingStartedBeforeIt() throws Exception {
		// a home without the services' jars: the broker and the store start, the command
		// service cannot
		Path home = Files.createTempDirectory(
				Path.of(System.getProperty("platform.home", ".."), "end-to-end-tests", "target"), "no-jars-");
		PlatformSettings settings = LocalPlatform.settings(home);
		Platform platform = Platform.create(settings);

		assertThatIllegalStateException().isThrownBy(platform::startAll)
			.withMessageStartingWith("incident-command did not start: No jar in ");

		assertThat(platform.pids()).as("no child left").isEmpty();
		assertThat(answers(settings.host(), settings.kafkaPort())).as("the broker's port").isFalse();
		assertThat(answers(settings.host(), settings.mongoPort())).as("the store's port").isFalse();
		assertThat(
				ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(StartUpEndToEndIT::commandLine))
			.as("child JVMs still running")
			.noneMatch((command) -> command.contains(settings.dataDir().toString()));
		assertThat(settings.dataDir().resolve("platform.pids")).doesNotExist();
		assertThat(Files.readString(settings.dataDir().resolve("logs").resolve("kafka.log"))).as("the broker did start")
			.isNotEmpty();
	}

	/**
	 * A service's first clean stop keeps its loaded classes as an archive (see
	 * {@code ClassDataArchive}); every later start maps it.
	 */
	@Test
	void servicesStartFromTheClassDataArchiveTheirFirstCleanStopWrote() throws Exception {
		Path home = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath().normalize();
		try (Platform platform = Platform.start(LocalPlatform.settings(home))) {
			for (Component service : Component.values()) {
				if (!service.isService()) {
					continue;
				}
				long pid = platform.pids().get(service);
				Optional<Path> archive = archive(home, service);
				if (archive.isPresent()) {
					assertThat(Files.readString(Path.of("/proc", String.valueOf(pid), "maps")))
						.as("%s maps its archive", service)
						.contains(archive.get().toString());
				}
				else {
					assertThat(commandLine(ProcessHandle.of(pid).orElseThrow()))
						.as("%s writes an archive as it stops", service)
						.contains("-XX:ArchiveClassesAtExit=");
				}
			}

			platform.stop(Component.QUERY);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> archive(home, Component.QUERY).isPresent());
			platform.start(Component.QUERY);

			String maps = Files
				.readString(Path.of("/proc", String.valueOf(platform.pids().get(Component.QUERY)), "maps"));
			assertThat(maps).contains(archive(home, Component.QUERY).orElseThrow().toString());
		}
	}

	private static Optional<Path> archive(Path home, Component service) throws IOException {
		Path root = home.resolve(service.processName()).resolve("target").resolve("class-data");
		if (!Files.isDirectory(root)) {
			return Optional.empty();
		}
		try (Stream<Path> stamps = Files.list(root)) {
			return stamps.filter((stamp) -> !stamp.getFileName().toString().endsWith(".tmp"))
				.map((stamp) -> stamp.resolve(service.processName() + ".jsa"))
				.filter(Files::isRegularFile)
				.findFirst();
		}
	}

	private static String commandLine(ProcessHandle process) {
		return process.info().commandLine().orElse("");
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException refused) {
			return false;
		}
	}

}
