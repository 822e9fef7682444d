package com.nimbus.incidents.testinfra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints an OpenAPI document with Redocly's recommended rules, the way a client
 * generator's user would: {@code npx @redocly/cli lint --extends=recommended}, a pinned
 * version, as a child process with a timeout. Node and npx must be on the path (CI
 * installs {@code nodejs npm}); without them the lint fails saying so rather than
 * passing.
 */
public final class OpenApiLint {

	/** The pinned Redocly CLI. */
	public static final String REDOCLY = "@redocly/cli@2.77.0";

	private static final Pattern SUMMARY = Pattern.compile("failed with (\\d+) errors?");

	private static final Pattern WARNINGS = Pattern.compile("(\\d+) warnings?");

	/**
	 * What the linter said: its exit code, the errors and warnings it counted, its
	 * output.
	 */
	public record Result(int exitCode, int errors, int warnings, String output) {

		@Override
		public String toString() {
			return "redocly lint exited " + this.exitCode + " with " + this.errors + " errors and " + this.warnings
					+ " warnings:\n" + this.output;
		}

	}

	private OpenApiLint() {
	}

	/**
	 * Lints the document; throws {@link IllegalStateException} when npx cannot be run or
	 * the lint does not finish within the timeout.
	 */
	public static Result lint(Path document, Duration timeout) throws IOException, InterruptedException {
		Path log = Files.createTempFile("redocly-lint", ".log");
		List<String> command = List.of("npx", "--yes", REDOCLY, "lint", "--extends=recommended", "--format=stylish",
				document.toAbsolutePath().toString());
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.directory(document.toAbsolutePath().getParent().toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run npx to lint the OpenAPI document (" + ex.getMessage()
					+ "): install Node.js and npm (Debian: apt-get install nodejs npm)", ex);
		}
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("redocly lint did not finish within " + timeout + ":\n" + read(log));
		}
		String output = read(log);
		Files.deleteIfExists(log);
		int exit = process.exitValue();
		Matcher errors = SUMMARY.matcher(output);
		int errorCount = errors.find() ? Integer.parseInt(errors.group(1)) : ((exit == 0) ? 0 : -1);
		Matcher warnings = WARNINGS.matcher(output);
		int warningCount = 0;
		while (warnings.find()) {
			warningCount = Integer.parseInt(warnings.group(1));
		}
		if (exit != 0 && errorCount == 0) {
			// the linter failed without counting errors: npx could not fetch it, or the
			// document did not parse
			errorCount = -1;
		}
		return new Result(exit, errorCount, warningCount, output);
	}

	private static String read(Path log) throws IOException {
		return Files.readString(log, StandardCharsets.UTF_8);
	}

}
