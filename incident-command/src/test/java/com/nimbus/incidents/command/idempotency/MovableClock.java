package com.nimbus.incidents.command.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real time plus an offset a test moves forward, so that a reservation can be made to
 * look abandoned without waiting for it.
 */
final class MovableClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	void advance(Duration by) {
		this.offset = this.offset.plus(by);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
