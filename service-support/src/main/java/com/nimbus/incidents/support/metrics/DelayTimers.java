package com.nimbus.incidents.support.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Delay timers (the projector's {@code projector.delay}, the notifier's
 * {@code notifier.delay}): one timer per {@code stage} of an event on its way, p50 and
 * p99 published, and the rule that records only live traffic: a delay of ten minutes or
 * more is a replay (a rebuild, a backfill) and would only bury it.
 */
public final class DelayTimers {

	private static final long LIVE_MILLIS = TimeUnit.MINUTES.toMillis(10);

	private DelayTimers() {
	}

	public static Timer timer(String name, String stage, String description, MeterRegistry meters) {
		return Timer.builder(name)
			.tag("stage", stage)
			.description(description)
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	/** Records a delay of live traffic. */
	public static void live(Timer timer, long millis) {
		if (millis >= 0 && millis < LIVE_MILLIS) {
			timer.record(millis, TimeUnit.MILLISECONDS);
		}
	}

}
