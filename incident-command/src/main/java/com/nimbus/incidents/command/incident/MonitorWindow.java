package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import com.nimbus.incidents.events.ImpactLevel;

/**
 * What the signal rules know of an impact window that monitoring opened.
 *
 * @param holders the alerts (source and fingerprint) firing on it now
 * @param latestEnd the latest {@code endsAt} of the alerts that resolved on it
 * @param personFinal whether a person corrected or ended it: signals no longer move it
 */
record MonitorWindow(String impactId, String component, ImpactLevel level, BigDecimal errorRate, Instant startedAt,
		Instant endedAt, Set<String> holders, Instant latestEnd, boolean personFinal) {

	MonitorWindow {
		holders = Set.copyOf(holders);
	}

	static MonitorWindow opened(String impactId, String component, ImpactLevel level, BigDecimal errorRate,
			Instant startedAt, Instant endedAt) {
		return new MonitorWindow(impactId, component, level, errorRate, startedAt, endedAt, Set.of(), null, false);
	}

	boolean open() {
		return this.endedAt == null;
	}

	/**
	 * Whether a signal that began at {@code startsAt} fires again on this window: it is
	 * open, or it ended no longer than the flap window before.
	 */
	boolean takes(Instant startsAt, Duration flapWindow) {
		return open() || !startsAt.isAfter(this.endedAt.plus(flapWindow));
	}

	MonitorWindow holding(String key) {
		Set<String> next = new TreeSet<>(this.holders);
		next.add(key);
		return new MonitorWindow(this.impactId, this.component, this.level, this.errorRate, this.startedAt,
				this.endedAt, next, this.latestEnd, this.personFinal);
	}

	MonitorWindow released(String key, Instant endsAt) {
		Set<String> next = new TreeSet<>(this.holders);
		next.remove(key);
		Instant latest = (this.latestEnd == null || (endsAt != null && endsAt.isAfter(this.latestEnd))) ? endsAt
				: this.latestEnd;
		return new MonitorWindow(this.impactId, this.component, this.level, this.errorRate, this.startedAt,
				this.endedAt, next, latest, this.personFinal);
	}

	MonitorWindow corrected(ImpactLevel newLevel, BigDecimal newErrorRate, Instant newStart, Instant newEnd,
			boolean reopened, boolean byPerson) {
		Instant end = reopened ? null : ((newEnd != null) ? newEnd : this.endedAt);
		return new MonitorWindow(this.impactId, this.component, (newLevel != null) ? newLevel : this.level,
				(newErrorRate != null) ? newErrorRate : this.errorRate, (newStart != null) ? newStart : this.startedAt,
				end, reopened ? Set.of() : this.holders, reopened ? null : this.latestEnd,
				this.personFinal || byPerson);
	}

	MonitorWindow ended(Instant at, boolean byPerson) {
		return new MonitorWindow(this.impactId, this.component, this.level, this.errorRate, this.startedAt, at,
				this.holders, this.latestEnd, this.personFinal || byPerson);
	}

}
