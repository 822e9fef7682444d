package com.nimbus.incidents.command.relay;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventRelay}'s two duties beside its sending, each on a thread of its own:
 * the lease's heartbeat ({@link RelayOwners}), so that no other instance takes over this
 * one's batches while it lives; and, every few seconds once the published log has caught
 * up, the check of the event store against what moved on the topics
 * ({@link DivergenceGuard}): one lookup per incident published since the last check,
 * which at a few hundred incidents took the relay's own thread seconds and held back
 * every send.
 */
final class RelayBackground {

	private static final Logger log = LoggerFactory.getLogger(RelayBackground.class);

	private static final Duration VERIFY_INTERVAL = Duration.ofSeconds(5);

	private final RelayParts parts;

	private final RunFlag state = new RunFlag();

	private Thread heartbeat;

	private Thread verifier;

	RelayBackground(RelayParts parts) {
		this.parts = parts;
	}

	synchronized void start() {
		this.state.start();
		this.heartbeat = daemon(this::beat, "relay-heartbeat");
		this.verifier = daemon(this::verifyEvery, "relay-verifier");
	}

	/** Ends both threads, waiting up to 10 s for each. */
	void stop() {
		this.state.stop();
		RunFlag.join(this.heartbeat);
		RunFlag.join(this.verifier);
	}

	private void beat() {
		while (this.state.running()) {
			try {
				this.parts.owners().heartbeat();
			}
			catch (RuntimeException ex) {
				log.warn("Relay heartbeat failed: {}", ex.toString());
			}
			this.state.pause(RelayOwners.HEARTBEAT.toMillis());
		}
	}

	private void verifyEvery() {
		while (this.state.running()) {
			this.state.pause(VERIFY_INTERVAL.toMillis());
			if (!this.state.running() || !this.parts.published().caughtUpOnce()) {
				continue;
			}
			try {
				this.parts.guard().verify();
			}
			catch (RuntimeException ex) {
				log.warn("Could not check the event store against the topics now: {}", ex.toString());
			}
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
