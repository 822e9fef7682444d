package com.nimbus.incidents.command.signal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.command.incident.IncomingSignal;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.SignalStatus;

/**
 * One accepted signal, as the {@code signals} topic carries it (key:
 * {@code source:fingerprint}).
 *
 * @param source the monitoring source (the subject of its token, or the body's
 * {@code source})
 * @param title what an incident declared for it is called: the {@code summary}
 * annotation, else the alert's name
 * @param receivedAt when the platform accepted it
 */
public record Signal(String source, String fingerprint, SignalStatus status, String service, String region,
		ImpactLevel level, BigDecimal errorRate, Instant startsAt, Instant endsAt, String summary, String title,
		Map<String, String> labels, List<String> customerIds, Instant receivedAt) {

	public Signal {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		customerIds = (customerIds != null) ? List.copyOf(customerIds) : List.of();
	}

	/**
	 * Its identity across firings and repeats.
	 */
	public String key() {
		return key(this.source, this.fingerprint);
	}

	static String key(String source, String fingerprint) {
		return source + ":" + fingerprint;
	}

	/**
	 * The component it is about: {@code service|region}.
	 */
	String component() {
		return this.service + "|" + this.region;
	}

	IncomingSignal incoming() {
		return new IncomingSignal(this.source, this.fingerprint, this.status, this.service, this.region, this.level,
				this.errorRate, this.startsAt, this.endsAt, this.summary);
	}

	/**
	 * The same signal, firing again: how an unplaced signal is attached to an incident.
	 */
	Signal withStatus(SignalStatus newStatus) {
		return new Signal(this.source, this.fingerprint, newStatus, this.service, this.region, this.level,
				this.errorRate, this.startsAt, (newStatus == SignalStatus.FIRING) ? null : this.endsAt, this.summary,
				this.title, this.labels, this.customerIds, this.receivedAt);
	}

}
