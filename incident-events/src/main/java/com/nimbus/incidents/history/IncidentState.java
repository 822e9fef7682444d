package com.nimbus.incidents.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.Severity;

/**
 * What an incident's events say, folded by {@link IncidentFold}: the latest value of
 * every fact, where "latest" is by business time ({@link Stamp}) for facts that
 * responders date and by sequence for corrections. It holds only bounded state, so that
 * folding an incident of any length stays cheap; actions and notes are listed by
 * {@link PointInTime}.
 *
 * @param version the last sequence folded in, {@code -1} before any
 * @param publicTitle the title published on declaration or by the latest public status
 * update that set one (by sequence: it is what was last said in public); {@code null}
 * until something is published, and never the internal {@code title}
 * @param firstPublicUpdateAt the earliest {@code occurredAt} of a public status update
 * @param firstMitigationAt the earliest {@code occurredAt} of a {@code ROLLBACK} or
 * {@code MITIGATION} action
 * @param firstSignalAt the earliest {@code startsAt} of a monitoring signal the incident
 * took in ({@code SignalReceived}, firing)
 */
public record IncidentState(String incidentId, long version, String title, String publicTitle, String summary,
		Severity severity, Stamp severityStamp, IncidentStatus status, Stamp statusStamp,
		DetectionSource detectionSource, Instant detectedAt, Instant declaredAt, Instant resolvedAt, String resolution,
		List<String> services, List<String> regions, List<ResponderState> responders, List<ImpactWindow> impacts,
		Instant firstPublicUpdateAt, Instant firstMitigationAt, PublicUpdate latestPublicUpdate,
		boolean postmortemPublished, Instant lastRecordedAt, Instant firstSignalAt) {

	public IncidentState {
		services = List.copyOf(services);
		regions = List.copyOf(regions);
		responders = List.copyOf(responders);
		impacts = List.copyOf(impacts);
	}

	public static IncidentState initial(String incidentId) {
		return new IncidentState(incidentId, -1, null, null, null, null, null, IncidentStatus.NOT_DECLARED, null, null,
				null, null, null, null, List.of(), List.of(), List.of(), List.of(), null, null, null, false, null,
				null);
	}

	/**
	 * The people holding a role now.
	 */
	public List<ResponderState> assignedResponders() {
		return this.responders.stream().filter(ResponderState::assigned).toList();
	}

	public Optional<ImpactWindow> impact(String impactId) {
		return this.impacts.stream().filter((impact) -> impact.impactId().equals(impactId)).findFirst();
	}

	/**
	 * The earliest (corrected) start of any impact window.
	 */
	public Optional<Instant> firstImpactStart() {
		return this.impacts.stream().map(ImpactWindow::startedAt).min(Instant::compareTo);
	}

	/**
	 * When the impact was first seen: the first window's start, or a monitoring signal's
	 * {@code startsAt} when one began earlier (a signal that joined a window a person
	 * reported late).
	 */
	public Optional<Instant> firstSeenImpact() {
		Optional<Instant> impact = firstImpactStart();
		if (this.firstSignalAt == null) {
			return impact;
		}
		return Optional.of(impact.filter((start) -> start.isBefore(this.firstSignalAt)).orElse(this.firstSignalAt));
	}

}
