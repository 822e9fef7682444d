package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The pinned Alertmanager image through Testcontainers, for machines with Docker and
 * without Debian's binary. It reaches the command service on this machine through
 * Testcontainers' host port forwarding ({@code host.testcontainers.internal}); its output
 * goes to {@code alertmanager.log} of its work directory.
 */
final class AlertmanagerContainer {

	private static final int PORT = 9093;

	private static final String CONFIG = "/etc/alertmanager/alertmanager.yml";

	private static final String TOKEN = "/etc/alertmanager/nimbus.token";

	private AlertmanagerContainer() {
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | Error ex) {
			return false;
		}
	}

	static Alertmanager start(Path workDir, URI commandService, String token) throws Exception {
		Testcontainers.exposeHostPorts(commandService.getPort());
		String webhook = "http://" + GenericContainer.INTERNAL_HOST_HOSTNAME + ":" + commandService.getPort()
				+ "/api/signals/alertmanager";
		Path tokenFile = Alertmanager.tokenFile(workDir, token);
		Path config = workDir.resolve("alertmanager.yml");
		Files.writeString(config, Alertmanager.config(webhook, TOKEN));
		Path log = workDir.resolve("alertmanager.log");
		Writer out = Files.newBufferedWriter(log);
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(Alertmanager.IMAGE))
			.withCopyFileToContainer(MountableFile.forHostPath(config, 0644), CONFIG)
			// the image runs as nobody: the copy inside must be readable to it
			.withCopyFileToContainer(MountableFile.forHostPath(tokenFile, 0644), TOKEN)
			.withCommand("--config.file=" + CONFIG, "--storage.path=/alertmanager", "--web.listen-address=:" + PORT,
					"--cluster.listen-address=", "--log.level=debug")
			.withExposedPorts(PORT)
			.withLogConsumer((OutputFrame frame) -> write(out, frame.getUtf8String()))
			.waitingFor(Wait.forHttp("/-/ready").forPort(PORT).withStartupTimeout(Duration.ofMinutes(3)));
		container.start();
		Alertmanager alertmanager = new Alertmanager(
				"http://" + container.getHost() + ":" + container.getMappedPort(PORT),
				"Testcontainers " + Alertmanager.IMAGE, log, () -> {
					container.stop();
					out.close();
				});
		alertmanager.awaitReady(container::isRunning);
		return alertmanager;
	}

	private static void write(Writer out, String text) {
		synchronized (out) {
			try {
				out.write(text);
				out.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
