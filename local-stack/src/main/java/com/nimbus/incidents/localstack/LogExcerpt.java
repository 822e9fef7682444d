package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last problems a child's log reports, for a message that has to say why without the
 * log at hand (a build server keeps the test's output, not the stack's files): its last
 * {@code WARN} and {@code ERROR} lines and the lines that are not a log event (a stack
 * trace, a JVM's own complaint), each cut to {@value #LINE_CHARS} characters.
 */
public final class LogExcerpt {

	static final int LINE_CHARS = 400;

	/** How much of the end of the log is read. */
	private static final int TAIL_BYTES = 256 * 1024;

	private LogExcerpt() {
	}

	/**
	 * At most {@code max} of the last problem lines, oldest first; empty when the file
	 * cannot be read.
	 */
	public static List<String> problems(Path log, int max) {
		List<String> problems = new ArrayList<>();
		for (String line : tail(log)) {
			if (isProblem(line)) {
				problems.add((line.length() > LINE_CHARS) ? line.substring(0, LINE_CHARS) + "..." : line);
			}
		}
		return List.copyOf(problems.subList(Math.max(0, problems.size() - max), problems.size()));
	}

	/**
	 * The problems as one block of text, introduced by the log's name.
	 */
	public static String describe(Path log, int max) {
		List<String> problems = problems(log, max);
		return problems.isEmpty() ? "no warning or error in " + log
				: "last warnings and errors in " + log + ":\n  " + String.join("\n  ", problems);
	}

	static boolean isProblem(String line) {
		if (line.isBlank()) {
			return false;
		}
		if (!line.startsWith("{")) {
			return true;
		}
		return line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\"");
	}

	private static List<String> tail(Path log) {
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			long start = Math.max(0, file.length() - TAIL_BYTES);
			byte[] bytes = new byte[(int) (file.length() - start)];
			file.seek(start);
			file.readFully(bytes);
			List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n")));
			if (start > 0 && !lines.isEmpty()) {
				// the first line read is cut
				lines.remove(0);
			}
			return lines;
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
