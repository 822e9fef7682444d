package com.nimbus.incidents.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.localstack.FreePorts;

/**
 * Debian's Alertmanager binary as a child process on a free port of 127.0.0.1, alone (no
 * cluster), its output in {@code alertmanager.log} of its work directory.
 */
final class AlertmanagerProcess {

	private AlertmanagerProcess() {
	}

	static Alertmanager start(Path binary, Path workDir, URI commandService, String token) throws Exception {
		Path tokenFile = Alertmanager.tokenFile(workDir, token);
		Path config = workDir.resolve("alertmanager.yml");
		Files.writeString(config, Alertmanager.config(commandService.resolve("/api/signals/alertmanager").toString(),
				tokenFile.toString()));
		Path storage = Files.createDirectories(workDir.resolve("data"));
		Path log = workDir.resolve("alertmanager.log");
		int port = FreePorts.next();
		Process process = new ProcessBuilder(
				List.of(binary.toString(), "--config.file=" + config, "--storage.path=" + storage,
						"--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=debug"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Thread reaper = new Thread(process::destroyForcibly, "alertmanager-reaper");
		Runtime.getRuntime().addShutdownHook(reaper);
		Alertmanager alertmanager = new Alertmanager("http://127.0.0.1:" + port, binary + " (" + version(binary) + ")",
				log, () -> stop(process, reaper));
		try {
			alertmanager.awaitReady(process::isAlive);
		}
		catch (AssertionError ex) {
			alertmanager.close();
			throw ex;
		}
		return alertmanager;
	}

	private static void stop(Process process, Thread reaper) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(10, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		try {
			Runtime.getRuntime().removeShutdownHook(reaper);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down already: the hook runs anyway
		}
	}

	private static String version(Path binary) {
		try {
			Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
			String first = new String(version.getInputStream().readAllBytes()).lines().findFirst().orElse("");
			version.waitFor(10, TimeUnit.SECONDS);
			return first.strip();
		}
		catch (Exception ex) {
			return "version unknown: " + ex.getMessage();
		}
	}

}
