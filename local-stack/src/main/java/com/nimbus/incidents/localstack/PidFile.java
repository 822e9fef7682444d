package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The pids of the running children, so that a launcher killed without warning leaves
 * nothing behind after the next start. A restarted child is appended; the file is removed
 * when the platform stops.
 */
final class PidFile {

	private final Path file;

	PidFile(Path file) {
		this.file = file;
	}

	synchronized void record(Component component, long pid) {
		try {
			Files.createDirectories(this.file.getParent());
			Files.writeString(this.file, component.processName() + " " + pid + System.lineSeparator(),
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
				.filter((process) -> process.info().commandLine().map((cmd) -> cmd.contains(parts[0])).orElse(false))
				.ifPresent((process) -> {
					System.err
						.println("Stopping " + parts[0] + " (pid " + process.pid() + ") left from an earlier run");
					process.destroy();
					process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally((ex) -> {
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
