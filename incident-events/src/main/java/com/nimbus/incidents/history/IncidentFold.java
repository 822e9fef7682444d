package com.nimbus.incidents.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentReopened;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderReleased;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;
import com.nimbus.incidents.events.StatusUpdatePosted;

/**
 * The one fold of an incident's events, shared by every view that needs an incident's
 * state: the projector's summaries and the query service's point-in-time history. Pure:
 * no clock, no I/O.
 */
public final class IncidentFold {

	private IncidentFold() {
	}

	/**
	 * Fold one event into the state. The caller applies events in sequence order; an
	 * event whose sequence is not the next one is a programming error.
	 */
	public static IncidentState apply(IncidentState state, EventEnvelope event) {
		if (event.sequence() != state.version() + 1) {
			throw new IllegalArgumentException("Event " + event.incidentId() + "/" + event.sequence()
					+ " does not follow version " + state.version());
		}
		Stamp stamp = new Stamp(event.occurredAt(), event.sequence());
		Builder next = new Builder(state);
		next.version = event.sequence();
		next.lastRecordedAt = event.recordedAt();
		IncidentEvent payload = event.payload();
		if (payload instanceof IncidentDeclared declared) {
			next.title = declared.title();
			next.publicTitle = declared.publicTitle();
			next.summary = declared.summary();
			next.detectionSource = declared.detectionSource();
			next.detectedAt = (declared.detectedAt() != null) ? declared.detectedAt() : event.occurredAt();
			next.declaredAt = event.occurredAt();
			next.services = declared.services();
			next.regions = declared.regions();
			next.severity(declared.severity(), stamp);
			next.status(IncidentStatus.OPEN, stamp, null);
		}
		else if (payload instanceof SeverityChanged changed) {
			next.severity(changed.to(), stamp);
		}
		else if (payload instanceof ResponderAssigned assigned) {
			next.responder(assigned.person(), assigned.role(), true, stamp);
		}
		else if (payload instanceof ResponderReleased released) {
			next.responder(released.person(), released.role(), false, stamp);
		}
		else if (payload instanceof ActionRecorded action) {
			if (action.kind() == ActionKind.ROLLBACK || action.kind() == ActionKind.MITIGATION) {
				next.firstMitigationAt = earliest(next.firstMitigationAt, event.occurredAt());
			}
		}
		else if (payload instanceof StatusUpdatePosted update) {
			if (update.isPublic()) {
				if (update.publicTitle() != null) {
					next.publicTitle = update.publicTitle();
				}
				next.firstPublicUpdateAt = earliest(next.firstPublicUpdateAt, event.occurredAt());
				PublicUpdate latest = next.latestPublicUpdate;
				if (latest == null || stamp.isAfter(new Stamp(latest.occurredAt(), latest.sequence()))) {
					next.latestPublicUpdate = new PublicUpdate(update.status(), update.message(), event.occurredAt(),
							event.sequence());
				}
			}
		}
		else if (ImpactWindows.isImpactEvent(payload)) {
			next.applyImpact(payload, event.sequence());
		}
		else if (payload instanceof IncidentResolved resolved) {
			next.status(IncidentStatus.RESOLVED, stamp, resolved.summary());
		}
		else if (payload instanceof IncidentReopened) {
			next.status(IncidentStatus.OPEN, stamp, null);
		}
		else if (payload instanceof PostmortemPublished) {
			next.postmortemPublished = true;
		}
		else if (payload instanceof SignalReceived signal && signal.status() == SignalStatus.FIRING
				&& signal.startsAt() != null) {
			next.firstSignalAt = earliest(next.firstSignalAt, signal.startsAt());
		}
		// NoteAdded changes no bounded state; PointInTime lists notes.
		return next.build();
	}

	/**
	 * Pass over an event that a point-in-time view leaves out: the version moves, nothing
	 * else does.
	 */
	static IncidentState skip(IncidentState state, EventEnvelope event) {
		Builder next = new Builder(state);
		next.version = event.sequence();
		return next.build();
	}

	/**
	 * Fold a whole log, in sequence order, from nothing.
	 */
	public static IncidentState fold(String incidentId, Iterable<EventEnvelope> events) {
		IncidentState state = IncidentState.initial(incidentId);
		for (EventEnvelope event : events) {
			state = apply(state, event);
		}
		return state;
	}

	private static Instant earliest(Instant current, Instant candidate) {
		return (current == null || candidate.isBefore(current)) ? candidate : current;
	}

	private static final class Builder {

		private final String incidentId;

		private long version;

		private String title;

		private String publicTitle;

		private String summary;

		private com.nimbus.incidents.events.Severity severity;

		private Stamp severityStamp;

		private IncidentStatus status;

		private Stamp statusStamp;

		private com.nimbus.incidents.events.DetectionSource detectionSource;

		private Instant detectedAt;

		private Instant declaredAt;

		private Instant resolvedAt;

		private String resolution;

		private List<String> services;

		private List<String> regions;

		private final List<ResponderState> responders;

		private final List<ImpactWindow> impacts;

		private Instant firstPublicUpdateAt;

		private Instant firstMitigationAt;

		private PublicUpdate latestPublicUpdate;

		private boolean postmortemPublished;

		private Instant lastRecordedAt;

		private Instant firstSignalAt;

		Builder(IncidentState state) {
			this.incidentId = state.incidentId();
			this.version = state.version();
			this.title = state.title();
			this.publicTitle = state.publicTitle();
			this.summary = state.summary();
			this.severity = state.severity();
			this.severityStamp = state.severityStamp();
			this.status = state.status();
			this.statusStamp = state.statusStamp();
			this.detectionSource = state.detectionSource();
			this.detectedAt = state.detectedAt();
			this.declaredAt = state.declaredAt();
			this.resolvedAt = state.resolvedAt();
			this.resolution = state.resolution();
			this.services = state.services();
			this.regions = state.regions();
			this.responders = new ArrayList<>(state.responders());
			this.impacts = new ArrayList<>(state.impacts());
			this.firstPublicUpdateAt = state.firstPublicUpdateAt();
			this.firstMitigationAt = state.firstMitigationAt();
			this.latestPublicUpdate = state.latestPublicUpdate();
			this.postmortemPublished = state.postmortemPublished();
			this.lastRecordedAt = state.lastRecordedAt();
			this.firstSignalAt = state.firstSignalAt();
		}

		void severity(com.nimbus.incidents.events.Severity value, Stamp stamp) {
			if (stamp.isAfter(this.severityStamp)) {
				this.severity = value;
				this.severityStamp = stamp;
			}
		}

		void status(IncidentStatus value, Stamp stamp, String resolutionSummary) {
			if (stamp.isAfter(this.statusStamp)) {
				this.status = value;
				this.statusStamp = stamp;
				this.resolvedAt = (value == IncidentStatus.RESOLVED) ? stamp.occurredAt() : null;
				this.resolution = resolutionSummary;
			}
		}

		void responder(String person, ResponderRole role, boolean assigned, Stamp stamp) {
			for (int i = 0; i < this.responders.size(); i++) {
				ResponderState existing = this.responders.get(i);
				if (existing.person().equals(person) && existing.role() == role) {
					if (stamp.isAfter(existing.stamp())) {
						this.responders.set(i, new ResponderState(person, role, assigned, stamp));
					}
					return;
				}
			}
			this.responders.add(new ResponderState(person, role, assigned, stamp));
		}

		void applyImpact(IncidentEvent event, long sequence) {
			Map<String, ImpactWindow> windows = new LinkedHashMap<>();
			this.impacts.forEach((window) -> windows.put(window.impactId(), window));
			ImpactWindows.apply(windows, event, sequence);
			this.impacts.clear();
			this.impacts.addAll(windows.values());
		}

		IncidentState build() {
			return new IncidentState(this.incidentId, this.version, this.title, this.publicTitle, this.summary,
					this.severity, this.severityStamp, this.status, this.statusStamp, this.detectionSource,
					this.detectedAt, this.declaredAt, this.resolvedAt, this.resolution, this.services, this.regions,
					this.responders, this.impacts, this.firstPublicUpdateAt, this.firstMitigationAt,
					this.latestPublicUpdate, this.postmortemPublished, this.lastRecordedAt, this.firstSignalAt);
		}

	}

}
