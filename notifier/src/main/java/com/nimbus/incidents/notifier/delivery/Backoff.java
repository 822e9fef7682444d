package com.nimbus.incidents.notifier.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter: the wait before retry {@code n} (1 for the first
 * retry) is drawn uniformly from {@code [floor, min(max, first * 2^(n-1))]}, so the first
 * retry comes within about a second and a receiver that stays down is tried at most every
 * {@code max} (10 minutes), with retries of many subscriptions spread over time rather
 * than arriving together. The floor (a tenth of {@code first}) keeps a retry from being
 * immediate.
 */
public final class Backoff {

	private final long firstMillis;

	private final long maxMillis;

	private final RandomGenerator random;

	public Backoff(Duration first, Duration max, RandomGenerator random) {
		this.firstMillis = Math.max(1, first.toMillis());
		this.maxMillis = Math.max(this.firstMillis, max.toMillis());
		this.random = random;
	}

	/** The ceiling of the wait before retry {@code retry} (from 1). */
	public long ceilingMillis(int retry) {
		int doublings = Math.min(Math.max(retry, 1) - 1, 40);
		long ceiling = this.firstMillis << doublings;
		boolean overflowed = (ceiling >> doublings) != this.firstMillis;
		return (overflowed || ceiling > this.maxMillis) ? this.maxMillis : ceiling;
	}

	/** The wait before retry {@code retry} (from 1). */
	public Duration delay(int retry) {
		long ceiling = ceilingMillis(retry);
		long floor = Math.max(1, this.firstMillis / 10);
		return Duration.ofMillis((ceiling <= floor) ? ceiling : this.random.nextLong(floor, ceiling + 1));
	}

}
