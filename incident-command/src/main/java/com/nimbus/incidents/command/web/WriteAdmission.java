package com.nimbus.incidents.command.web;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How many writes the command service runs at once. Beyond its capacity, more writes at
 * once do not make more of them finish: they contend (for aggregates, the store's
 * connections, the processor) and each takes longer, so every answer waits behind a queue
 * that only grows (ADR 41). At most {@code admission.concurrent-writes} (default 16) run
 * at once; the others wait in arrival order for at most {@code admission.max-wait}
 * (default 30 s: a burst, such as a hundred writers on one incident, waits its turn; a
 * stack that cannot keep up refuses before a proxy's own time limit, 60 s in nginx, would
 * leave the caller not knowing whether its write was recorded) and are then refused, told
 * to retry after {@code admission.retry-after} (default 5 s).
 */
@Component
class WriteAdmission {

	private final Semaphore running;

	private final long maxWaitNanos;

	private final int retryAfterSeconds;

	WriteAdmission(@Value("${admission.concurrent-writes:16}") int concurrentWrites,
			@Value("${admission.max-wait:30s}") Duration maxWait,
			@Value("${admission.retry-after:5s}") Duration retryAfter) {
		if (concurrentWrites < 1 || maxWait.isNegative() || retryAfter.getSeconds() < 1) {
			throw new IllegalArgumentException("admission.concurrent-writes must be at least 1, admission.max-wait "
					+ "not negative and admission.retry-after at least 1 s, not " + concurrentWrites + ", " + maxWait
					+ " and " + retryAfter);
		}
		this.retryAfterSeconds = (int) Math.min(Integer.MAX_VALUE, retryAfter.getSeconds());
		// fair: the writes that came first go first
		this.running = new Semaphore(concurrentWrites, true);
		this.maxWaitNanos = maxWait.toNanos();
	}

	/**
	 * Waits for a turn; every {@code true} must be followed by one {@link #leave()}.
	 * @return whether the write may run; {@code false} after the longest wait
	 */
	boolean enter() throws InterruptedException {
		return this.running.tryAcquire(this.maxWaitNanos, TimeUnit.NANOSECONDS);
	}

	/** The write has been answered: the next one waiting may run. */
	void leave() {
		this.running.release();
	}

	/** How long a refused caller should wait before it tries again, in whole seconds. */
	int retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
