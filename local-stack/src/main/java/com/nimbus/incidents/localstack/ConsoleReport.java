package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * Where the launcher says what happened to its children: on its console, where the person
 * who ran {@code ./platform up} looks, and in {@code logs/platform.log} beside the
 * children's own logs, where it is still there after the console scrolled away.
 */
final class ConsoleReport implements Consumer<String> {

	private final PrintStream console;

	private final Path logFile;

	ConsoleReport(PrintStream console, Path logFile) {
		this.console = console;
		this.logFile = logFile;
	}

	@Override
	public synchronized void accept(String message) {
		String line = LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + message;
		this.console.println(line);
		try {
			Files.createDirectories(this.logFile.toAbsolutePath().getParent());
			Files.writeString(this.logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			this.console.println("(cannot write " + this.logFile + ": " + ex.getMessage() + ")");
		}
	}

}
