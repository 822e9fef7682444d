package com.nimbus.incidents.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * A Java agent that drives the JVM it is loaded into out of heap: a real
 * {@code OutOfMemoryError}, thrown by the JVM itself, with no endpoint added to the
 * service for the test. {@link OutOfMemory} loads it into a running service through the
 * attach API.
 * <p>
 * It refers to nothing but {@code java.base}, so that it loads in any JVM, and allocates
 * on a thread of its own so that the attach call returns before the JVM dies.
 */
public final class OutOfMemoryAgent {

	private OutOfMemoryAgent() {
	}

	public static void agentmain(String arguments) {
		Thread hog = new Thread(OutOfMemoryAgent::exhaustHeap, "out-of-memory-agent");
		hog.setDaemon(true);
		hog.start();
	}

	private static void exhaustHeap() {
		List<long[]> held = new ArrayList<>();
		while (true) {
			// 8 MiB at a time, all kept: the heap limit is reached within a second
			held.add(new long[1 << 20]);
		}
	}

}
