package com.nimbus.incidents.command.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the ledger entries of delivered batches on a thread of its own, so that the
 * relay's next send does not wait for a store round trip (ADR 33). The removals were made
 * without waiting for the journal already (ADR 12): one that never happens (the store or
 * this process died first) leaves an entry of events that are on the topic, which the
 * relay that recovers it skips after reading the topic. A removal that fails is tried
 * again, with those handed over meanwhile, after a pause that grows to 5 s.
 */
final class LedgerSettler {

	private static final Logger log = LoggerFactory.getLogger(LedgerSettler.class);

	private final PendingLedger ledger;

	/** Ledger ids handed over and not yet removed; guarded by this. */
	private final List<String> waiting = new ArrayList<>();

	/** Guarded by this. */
	private boolean running = true;

	private final Thread thread;

	LedgerSettler(PendingLedger ledger) {
		this.ledger = ledger;
		this.thread = new Thread(this::run, "relay-settle");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Hands over the entries of batches Kafka has acknowledged (or that were set apart).
	 */
	synchronized void settle(Collection<String> ledgerIds) {
		this.waiting.addAll(ledgerIds);
		notifyAll();
	}

	/**
	 * Entries handed over and not yet removed.
	 */
	synchronized int waiting() {
		return this.waiting.size();
	}

	/**
	 * Removes what is waiting, then ends; gives up after {@code within} (what is left
	 * stays in the ledger, which is safe, see above).
	 */
	void stop(Duration within) {
		synchronized (this) {
			this.running = false;
			notifyAll();
		}
		try {
			this.thread.join(within.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		long backOff = 100;
		while (true) {
			List<String> next;
			synchronized (this) {
				while (this.waiting.isEmpty() && this.running) {
					if (!pause(0)) {
						return;
					}
				}
				if (this.waiting.isEmpty()) {
					return;
				}
				next = new ArrayList<>(this.waiting);
				this.waiting.clear();
			}
			try {
				this.ledger.settle(next);
				backOff = 100;
			}
			catch (RuntimeException ex) {
				synchronized (this) {
					this.waiting.addAll(0, next);
					if (!this.running) {
						log.warn("{} delivered batches stay in the relay's ledger (skipped when recovered): {}",
								this.waiting.size(), ex.toString());
						return;
					}
					log.warn("Could not remove {} delivered batches from the relay's ledger, trying again in {} ms: {}",
							next.size(), backOff, ex.toString());
					if (!pause(backOff)) {
						return;
					}
				}
				backOff = Math.min(backOff * 2, 5000);
			}
		}
	}

	/**
	 * Waits on this monitor (held by the caller) for {@code millis}, or until woken when
	 * 0.
	 * @return false when interrupted
	 */
	private boolean pause(long millis) {
		try {
			wait(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
