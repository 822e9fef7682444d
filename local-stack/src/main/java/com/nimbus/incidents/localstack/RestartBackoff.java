package com.nimbus.incidents.localstack;

import java.time.Duration;

/**
 * How long the supervisor waits before starting a failed child again: the first delay
 * after the first unexpected exit, doubling with each exit that follows, never more than
 * the cap. A child that crashes at once on every start (a port taken, a corrupt file)
 * then costs a restart every half minute instead of a busy loop, while a single crash is
 * repaired within a second. A child that stayed up for the stable period starts the count
 * again, so that a crash a day later is not punished for one a day earlier.
 *
 * @param first the delay before the first restart
 * @param cap the longest delay
 * @param stable how long a child must stay up for its failures to be forgotten
 */
record RestartBackoff(Duration first, Duration cap, Duration stable) {

	/** 1 s, 2 s, 4 s ... 30 s; forgotten after a healthy minute. */
	static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
			Duration.ofMinutes(1));

	/**
	 * The delay before the restart that follows the given number of consecutive failures
	 * (1 for the first).
	 */
	Duration delay(int failures) {
		if (failures < 1) {
			throw new IllegalArgumentException("failures start at 1, not " + failures);
		}
		// past 2^20 times the first delay every cap a laptop would use is reached
		Duration delay = this.first.multipliedBy(1L << Math.min(failures - 1, 20));
		return (delay.compareTo(this.cap) > 0) ? this.cap : delay;
	}

	/**
	 * Whether a child that has been up this long has earned a fresh count.
	 */
	boolean forgets(Duration up) {
		return up.compareTo(this.stable) >= 0;
	}

}
