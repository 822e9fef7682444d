package com.nimbus.incidents.query.incident;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.history.LoggedEntry;
import com.nimbus.incidents.history.PointInTimeState;
import com.nimbus.incidents.history.PublicUpdate;
import com.nimbus.incidents.history.ResponderState;
import com.nimbus.incidents.history.TimelineMetrics;

/**
 * The read API's answers. Each carries the {@code version} (last applied event sequence)
 * it reflects.
 */
final class Responses {

	private Responses() {
	}

	record Responder(String person, ResponderRole role, Instant since) {

		static List<Responder> of(IncidentState state) {
			return state.assignedResponders()
				.stream()
				.map((ResponderState r) -> new Responder(r.person(), r.role(), r.stamp().occurredAt()))
				.toList();
		}

	}

	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Impact(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
			Instant startedAt, Instant endedAt, boolean open, boolean corrected, AffectedUsers estimatedAffectedUsers,
			List<String> affectedCustomerIds, ImpactSource source) {

		static Impact of(ImpactWindow window) {
			return new Impact(window.impactId(), window.service(), window.region(), window.level(), window.errorRate(),
					window.startedAt(), window.endedAt(), window.open(), window.corrected(),
					window.estimatedAffectedUsers(), window.affectedCustomerIds(), window.source());
		}

	}

	record StatusUpdate(UpdateStatus status, String message, Instant occurredAt) {

		static StatusUpdate of(PublicUpdate update) {
			return (update != null) ? new StatusUpdate(update.status(), update.message(), update.occurredAt()) : null;
		}

	}

	/**
	 * An incident for signed-in readers; {@code publicTitle} is there so responders see
	 * what the status page says ({@code null}: its generic text).
	 */
	record IncidentSummary(String incidentId, long version, String title, String publicTitle, String summary,
			Severity severity, IncidentStatus status, DetectionSource detectionSource, Instant detectedAt,
			Instant declaredAt, Instant resolvedAt, String resolution, List<String> services, List<String> regions,
			List<Responder> responders, List<Impact> openImpacts, List<Impact> closedImpacts,
			StatusUpdate latestPublicUpdate, boolean postmortemPublished, Instant lastRecordedAt) {

		static IncidentSummary of(IncidentState state) {
			List<Impact> impacts = state.impacts().stream().map(Impact::of).toList();
			return new IncidentSummary(state.incidentId(), state.version(), state.title(), state.publicTitle(),
					state.summary(), state.severity(), state.status(), state.detectionSource(), state.detectedAt(),
					state.declaredAt(), state.resolvedAt(), state.resolution(), state.services(), state.regions(),
					Responder.of(state), impacts.stream().filter(Impact::open).toList(),
					impacts.stream().filter((impact) -> !impact.open()).toList(),
					StatusUpdate.of(state.latestPublicUpdate()), state.postmortemPublished(), state.lastRecordedAt());
		}

	}

	record IncidentListItem(String incidentId, long version, String title, Severity severity, IncidentStatus status,
			List<String> services, List<String> regions, Instant declaredAt, Instant resolvedAt) {
	}

	record IncidentPage(List<IncidentListItem> items, int page, int size, long total) {
	}

	/**
	 * @param late recorded more than {@link #LATE_AFTER} after it happened
	 * @param correction an entry that corrects an earlier fact ({@code ImpactCorrected},
	 * {@code SeverityChanged})
	 */
	record Entry(long sequence, Instant occurredAt, Instant recordedAt, String type, String actor, String summary,
			boolean late, Duration recordedLateBy, boolean correction) {

		static final Duration LATE_AFTER = Duration.ofMinutes(5);

		static Entry of(long sequence, Instant occurredAt, Instant recordedAt, String type, String actor,
				String summary) {
			Duration lag = Duration.between(occurredAt, recordedAt);
			boolean late = lag.compareTo(LATE_AFTER) > 0;
			return new Entry(sequence, occurredAt, recordedAt, type, actor, summary, late, late ? lag : null,
					type.equals("ImpactCorrected") || type.equals("SeverityChanged"));
		}

	}

	record Metrics(Duration timeToDetect, Duration timeToDeclare, Duration timeToAcknowledge, Duration timeToMitigate,
			Duration timeToResolve) {

		static Metrics of(TimelineMetrics metrics) {
			return new Metrics(metrics.timeToDetect(), metrics.timeToDeclare(), metrics.timeToAcknowledge(),
					metrics.timeToMitigate(), metrics.timeToResolve());
		}

	}

	record Timeline(String incidentId, long version, List<Entry> entries, Metrics metrics) {
	}

	/**
	 * @param events the envelopes exactly as published, in sequence order
	 */
	record EventLog(String incidentId, long version, @JsonRawValue String events) {
	}

	record Logged(long sequence, Instant occurredAt, Instant recordedAt, String actor, String kind, String text) {

		static Logged of(LoggedEntry entry) {
			return new Logged(entry.sequence(), entry.occurredAt(), entry.recordedAt(), entry.actor(), entry.kind(),
					entry.text());
		}

	}

	record State(String incidentId, long version, Instant asOf, Instant knownAt, String title, IncidentStatus status,
			Severity severity, List<String> services, List<String> regions, Instant declaredAt, Instant resolvedAt,
			List<Responder> responders, List<Impact> impacts, List<Logged> actions, List<Logged> notes,
			StatusUpdate latestPublicUpdate) {

		static State of(String incidentId, PointInTimeState pit) {
			IncidentState state = pit.state();
			return new State(incidentId, state.version(), pit.asOf(), pit.knownAt(), state.title(), state.status(),
					state.severity(), state.services(), state.regions(), state.declaredAt(), state.resolvedAt(),
					Responder.of(state), pit.impacts().stream().map(Impact::of).toList(),
					pit.actions().stream().map(Logged::of).toList(), pit.notes().stream().map(Logged::of).toList(),
					StatusUpdate.of(state.latestPublicUpdate()));
		}

	}

}
