package com.nimbus.incidents.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One JVM of the local stack, started with the same {@code java} as this one. Its output
 * goes to a log file; a line starting with {@code READY } completes {@link #ready()}.
 */
public final class ChildJvm {

	private final String name;

	private final Process process;

	private final Path logFile;

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private ChildJvm(String name, Process process, Path logFile) {
		this.name = name;
		this.process = process;
		this.logFile = logFile;
	}

	static ChildJvm start(String name, List<String> jvmOptions, List<String> mainAndArgs, Path logFile) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(jvmOptions);
		command.addAll(mainAndArgs);
		try {
			Files.createDirectories(logFile.toAbsolutePath().getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			// glibc gives each thread that allocates its own 64 MiB arena; a JVM has
			// dozens
			builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
			Process process = builder.start();
			ChildJvm child = new ChildJvm(name, process, logFile);
			child.pumpOutput();
			return child;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name + ": " + command, ex);
		}
	}

	private void pumpOutput() throws IOException {
		OutputStream log = Files.newOutputStream(this.logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		Thread pump = new Thread(() -> {
			try (log;
					BufferedReader reader = new BufferedReader(
							new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.startsWith("READY ")) {
						this.ready.complete(line.substring("READY ".length()).trim());
					}
					log.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
					log.flush();
				}
			}
			catch (IOException ex) {
				// the process is gone; its exit is reported by ready() or isAlive()
			}
			this.ready.completeExceptionally(failure("exited before it was ready"));
		}, this.name + "-output");
		pump.setDaemon(true);
		pump.start();
	}

	/**
	 * Waits for the {@code READY} line and returns what follows it.
	 */
	String awaitReady(Duration timeout) throws Exception {
		try {
			return this.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw failure("was not ready within " + timeout);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/**
	 * Waits for a service's health endpoint to say {@code UP}; gives up when the JVM
	 * exits, when {@code abandon} says so (the platform is stopping) or after the
	 * timeout.
	 */
	void awaitHealthy(URI health, Duration timeout, BooleanSupplier abandon) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!isAlive()) {
				throw failure("exited while starting");
			}
			if (abandon.getAsBoolean()) {
				throw new IllegalStateException("the local stack is stopping");
			}
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			TimeUnit.MILLISECONDS.sleep(200);
		}
		throw failure("was not healthy within " + timeout);
	}

	/**
	 * Why the JVM did not start, with the last problems its log reports.
	 */
	private IllegalStateException failure(String what) {
		return new IllegalStateException(
				this.name + " " + what + "; " + LogExcerpt.describe(this.logFile.toAbsolutePath(), 12));
	}

	/**
	 * Completes with the exit code when the JVM exits, however it exits.
	 */
	CompletableFuture<Integer> exited() {
		return this.process.onExit().thenApply(Process::exitValue);
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Asks the JVM to stop (SIGTERM, so its shutdown hooks run) and waits; forces it
	 * after the grace period.
	 */
	public void stop(Duration grace) {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
	}

	/**
	 * Kills the JVM at once (SIGKILL): no shutdown hook, no flush, as in a crash.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
