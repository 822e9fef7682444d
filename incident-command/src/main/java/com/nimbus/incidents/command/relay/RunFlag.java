package com.nimbus.incidents.command.relay;

import java.util.concurrent.TimeUnit;

/**
 * Whether the relay's threads are to run, a pause that ends early when they are to stop,
 * and the wait for them to end: one for the relay's worker, one for its
 * {@link RelayBackground} threads.
 */
final class RunFlag {

	private volatile boolean running;

	boolean running() {
		return this.running;
	}

	void start() {
		this.running = true;
	}

	/** Stops, and wakes every thread in {@link #pause}. */
	synchronized void stop() {
		this.running = false;
		notifyAll();
	}

	/**
	 * Waits {@code millis}, or less when {@link #stop} comes first; not at all once
	 * stopped.
	 */
	synchronized void pause(long millis) {
		if (!this.running) {
			return;
		}
		try {
			wait(Math.max(1, millis));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits up to 10 s for a thread to end (none when it never started). */
	static void join(Thread thread) {
		if (thread == null) {
			return;
		}
		try {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
