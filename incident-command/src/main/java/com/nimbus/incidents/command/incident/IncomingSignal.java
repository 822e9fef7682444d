package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Instant;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.SignalStatus;

/**
 * A monitoring signal as an incident takes it in: one alert (by source and fingerprint)
 * firing or resolved, on one service in one region.
 *
 * @param endsAt when a resolved alert ended ({@code null} while firing)
 */
public record IncomingSignal(String source, String fingerprint, SignalStatus status, String service, String region,
		ImpactLevel level, BigDecimal errorRate, Instant startsAt, Instant endsAt, String summary) {

	/**
	 * The alert's identity across its firings: source and fingerprint.
	 */
	public String key() {
		return this.source + ":" + this.fingerprint;
	}

	/**
	 * The component it is about.
	 */
	public String component() {
		return this.service + "|" + this.region;
	}

}
