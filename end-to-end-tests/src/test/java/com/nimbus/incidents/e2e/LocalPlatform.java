package com.nimbus.incidents.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbus.incidents.localstack.FreePorts;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.PlatformSettings;

/**
 * Starts the local stack as {@code ./platform up} does, on free ports, with its data in
 * this module's {@code target}, its JVMs with the quick compiler only (a stack that lives
 * for one test class is up about a third sooner; the code it runs is the same).
 */
final class LocalPlatform {

	private LocalPlatform() {
	}

	static Platform start() throws Exception {
		return start(java.util.List.of());
	}

	static Platform start(java.util.List<String> serviceArguments) throws Exception {
		Path home = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath().normalize();
		return Platform.start(settings(home).withServiceArguments(serviceArguments));
	}

	/**
	 * Free ports, and a data directory of its own under this module's {@code target}.
	 */
	static PlatformSettings settings(Path home) throws Exception {
		Path target = Path.of(System.getProperty("platform.home", ".."))
			.toAbsolutePath()
			.normalize()
			.resolve("end-to-end-tests")
			.resolve("target");
		Files.createDirectories(target);
		Path dataDir = Files.createTempDirectory(target, "platform-");
		return PlatformSettings.defaults(home)
			.withDataDir(dataDir)
			.withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
					FreePorts.next(), FreePorts.next())
			.withNotifierPort(FreePorts.next())
			.withQuickCompilerOnly();
	}

}
