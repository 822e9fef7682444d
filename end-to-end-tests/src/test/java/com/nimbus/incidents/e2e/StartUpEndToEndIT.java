package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.PlatformSettings;
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
		assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(this::commandLine))
			.as("child JVMs still running")
			.noneMatch((command) -> command.contains(settings.dataDir().toString()));
		assertThat(settings.dataDir().resolve("platform.pids")).doesNotExist();
		assertThat(Files.readString(settings.dataDir().resolve("logs").resolve("kafka.log"))).as("the broker did start")
			.isNotEmpty();
	}

	private String commandLine(ProcessHandle process) {
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
