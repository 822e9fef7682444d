package com.nimbus.incidents.localstack;

import java.util.Optional;

/**
 * Ends this JVM, through its shutdown hooks, when the process that started it is gone, so
 * that a child JVM never outlives a supervisor killed without warning.
 */
final class ParentWatchdog {

	private ParentWatchdog() {
	}

	static void watch(Optional<String> parentPid) {
		parentPid.map(Long::parseLong).flatMap(ProcessHandle::of).ifPresent((parent) -> {
			Thread watcher = new Thread(() -> {
				parent.onExit().join();
				System.err.println("Parent process " + parent.pid() + " is gone; stopping.");
				System.exit(0);
			}, "parent-watchdog");
			watcher.setDaemon(true);
			watcher.start();
		});
	}

}
