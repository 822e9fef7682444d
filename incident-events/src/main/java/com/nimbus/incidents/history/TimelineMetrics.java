package com.nimbus.incidents.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The response metrics of an incident, from its latest (corrected) facts. Each is absent
 * until both of its ends are known.
 *
 * @param timeToDetect first impact start (or an earlier monitoring signal's start) to
 * detection
 * @param timeToDeclare detection to declaration
 * @param timeToAcknowledge first impact start to the first public status update
 * @param timeToMitigate first impact start to the first rollback or mitigation
 * @param timeToResolve first impact start to resolution
 */
public record TimelineMetrics(Duration timeToDetect, Duration timeToDeclare, Duration timeToAcknowledge,
		Duration timeToMitigate, Duration timeToResolve) {

	public static TimelineMetrics of(IncidentState state) {
		Instant firstImpact = state.firstImpactStart().orElse(null);
		return new TimelineMetrics(between(state.firstSeenImpact().orElse(null), state.detectedAt()),
				between(state.detectedAt(), state.declaredAt()), between(firstImpact, state.firstPublicUpdateAt()),
				between(firstImpact, state.firstMitigationAt()), between(firstImpact, state.resolvedAt()));
	}

	private static Duration between(Instant from, Instant to) {
		return Optional.ofNullable(from)
			.flatMap((start) -> Optional.ofNullable(to).map((end) -> Duration.between(start, end)))
			.orElse(null);
	}

}
