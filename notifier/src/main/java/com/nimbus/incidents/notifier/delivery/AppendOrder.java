package com.nimbus.incidents.notifier.delivery;

import java.util.concurrent.TimeUnit;

/**
 * Keeps the outcomes' lane writes behind the intake's appends (ADR 34). The intake hands
 * a poll's deliveries to the engine before their lanes are written (the write follows on
 * the barrier thread); an outcome's write, which pulls the delivery from its lane, must
 * not reach the store before the append it pulls, or the lane would keep an entry already
 * delivered. Each poll handed on takes a ticket, in poll order; its write, in the same
 * order, marks it written; the progress writer waits until every poll handed on before an
 * outcome came is written. A poll whose write never comes (a failed poll, written again
 * under a later ticket) is passed by the later ticket's write.
 */
final class AppendOrder {

	private long handed;

	private long written;

	/** The ticket of a poll about to be handed on. */
	synchronized long handOver() {
		return ++this.handed;
	}

	/** The last ticket handed on: every delivery the engine holds has one up to it. */
	synchronized long handedSoFar() {
		return this.handed;
	}

	/** A poll's appends are written (and so every earlier poll's). */
	synchronized void written(long ticket) {
		if (ticket > this.written) {
			this.written = ticket;
			notifyAll();
		}
	}

	/**
	 * Waits until the appends of {@code ticket} are written; false when {@code millis}
	 * passed first.
	 */
	synchronized boolean awaitWritten(long ticket, long millis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (this.written < ticket) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return true;
	}

}
