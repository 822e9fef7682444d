package com.nimbus.incidents.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read services run at a lower priority than the write path, and the pid the stack
 * records for a niced child is the JVM itself (what {@code kill -9}, memory sampling and
 * the pid file need).
 */
class ChildJvmNicenessTest {

	@Test
	void theReadServicesYieldTheProcessorsToTheWritePath() {
		assertThat(Platform.niceness(Component.QUERY)).isEqualTo(10);
		assertThat(Platform.niceness(Component.CONSOLE)).isEqualTo(10);
		for (Component writePath : List.of(Component.KAFKA, Component.MONGO, Component.COMMAND, Component.PROJECTOR)) {
			assertThat(Platform.niceness(writePath)).as(writePath.processName()).isZero();
		}
	}

	@Test
	void aNicedChildIsTheJvmAtThatNiceness(@TempDir Path dir) throws Exception {
		ChildJvm child = ChildJvm.start("sleeper", 7, List.of("-cp", System.getProperty("java.class.path")),
				List.of(Sleeper.class.getName()), dir.resolve("sleeper.log"));
		try {
			// nice runs first, then replaces itself with the JVM in the same process
			String cmdline = "";
			for (int tries = 0; tries < 100 && !cmdline.contains(Sleeper.class.getName()); tries++) {
				Thread.sleep(50);
				cmdline = Files.readString(Path.of("/proc/" + child.pid() + "/cmdline")).replace('\0', ' ');
			}
			assertThat(cmdline).as("the recorded pid runs the JVM, not nice").contains(Sleeper.class.getName());
			assertThat(niceness(child.pid())).isEqualTo(niceness(ProcessHandle.current().pid()) + 7);
		}
		finally {
			child.stop(Duration.ofSeconds(5));
		}
	}

	/** Field 19 of {@code /proc/<pid>/stat}, after the command in parentheses. */
	private static int niceness(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Integer.parseInt(fields[16]);
	}

	/** A child that waits to be stopped. */
	public static final class Sleeper {

		public static void main(String[] args) throws InterruptedException {
			Thread.sleep(60_000);
		}

	}

}
