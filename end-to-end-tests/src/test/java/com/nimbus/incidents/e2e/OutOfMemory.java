package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.tools.attach.VirtualMachine;

/**
 * Sends a running JVM into an {@code OutOfMemoryError} from outside: writes a jar of
 * {@link OutOfMemoryAgent} (built here from the test class path, so no build step has to
 * know about it) and loads it into the JVM with the JDK's attach API, which needs only
 * the same user and a JVM that has not turned attaching off.
 */
final class OutOfMemory {

	private OutOfMemory() {
	}

	static void sendInto(long pid, Path workDir) throws Exception {
		Path jar = agentJar(workDir);
		VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
		try {
			vm.loadAgent(jar.toString());
		}
		finally {
			try {
				vm.detach();
			}
			catch (IOException ex) {
				// the JVM may already be gone: that is the point
			}
		}
	}

	private static Path agentJar(Path workDir) throws IOException {
		Files.createDirectories(workDir);
		Path jar = workDir.resolve("out-of-memory-agent.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(new Attributes.Name("Agent-Class"), OutOfMemoryAgent.class.getName());
		String entry = OutOfMemoryAgent.class.getName().replace('.', '/') + ".class";
		try (OutputStream file = Files.newOutputStream(jar);
				JarOutputStream out = new JarOutputStream(file, manifest);
				InputStream classBytes = OutOfMemoryAgent.class.getClassLoader().getResourceAsStream(entry)) {
			if (classBytes == null) {
				throw new IOException(entry + " is not on the test class path");
			}
			out.putNextEntry(new JarEntry(entry));
			classBytes.transferTo(out);
			out.closeEntry();
		}
		return jar;
	}

}
