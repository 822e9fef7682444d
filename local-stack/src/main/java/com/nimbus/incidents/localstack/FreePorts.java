package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a stack started on a machine that runs other things (a build server, a
 * bench): free when chosen, never handed out twice by this JVM, and outside the range the
 * kernel takes ports from for outgoing connections. A port asked of the kernel
 * ({@code new ServerSocket(0)}) comes from that range, and between the moment it is
 * closed and the moment the service binds it, any of the stack's own clients (Kafka,
 * Mongo, HTTP) may take it for a connection: the service then fails to start.
 */
public final class FreePorts {

	/** The lowest port chosen: below it, well-known services. */
	static final int LOWEST = 10_000;

	/** Linux's default range for outgoing connections, when it cannot be read. */
	static final int[] DEFAULT_EPHEMERAL = { 32_768, 60_999 };

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	private static final int ATTEMPTS = 500;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	/**
	 * A port nothing listens on now, outside the outgoing range where there is room.
	 */
	public static int next() {
		int[] ephemeral = ephemeralRange();
		int[] chosen = (ephemeral[0] - LOWEST >= 1_000) ? new int[] { LOWEST, ephemeral[0] - 1 }
				: new int[] { ephemeral[1] + 1, 65_535 };
		for (int attempt = 0; attempt < ATTEMPTS && chosen[1] > chosen[0]; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(chosen[0], chosen[1] + 1);
			if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
				return port;
			}
		}
		// a machine with no room outside the range: the kernel's choice, not twice
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = kernelsChoice();
			if (HANDED_OUT.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port found");
	}

	/**
	 * The range the kernel gives outgoing connections ports from.
	 */
	static int[] ephemeralRange() {
		try {
			String[] bounds = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
			return new int[] { Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]) };
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL.clone();
		}
	}

	static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int kernelsChoice() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port found", ex);
		}
	}

}
