package com.nimbus.incidents.command.relay;

/**
 * Whether the relay's threads are to run, and a pause that ends early when they are to
 * stop: one for the relay's worker, one for its {@link RelayBackground} threads.
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

}
