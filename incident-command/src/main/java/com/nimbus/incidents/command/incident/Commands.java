package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.UpdateStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * The commands the {@link Incident} aggregate takes. Each carries its
 * {@link CommandContext}: times and ids come in on the command, never from a clock in the
 * aggregate. {@code expectedVersion}, when given ({@code If-Match}), must be the
 * incident's current version.
 */
final class Commands {

	private Commands() {
	}

	/**
	 * @param publicTitle what the public status page may call the incident, or
	 * {@code null} to publish nothing yet
	 * @param commander the person who commands the incident from its declaration, or
	 * {@code null} for none (an incident monitoring opens: a service account commands
	 * nothing)
	 */
	record DeclareIncident(@TargetAggregateIdentifier String incidentId, String title, String publicTitle,
			Severity severity, String summary, DetectionSource detectionSource, Instant detectedAt,
			List<String> services, List<String> regions, String commander, CommandContext context) {
	}

	record AssignResponder(@TargetAggregateIdentifier String incidentId, String person, ResponderRole role,
			CommandContext context, @TargetAggregateVersion Long expectedVersion) {
	}

	record ReleaseResponder(@TargetAggregateIdentifier String incidentId, String person, ResponderRole role,
			CommandContext context, @TargetAggregateVersion Long expectedVersion) {
	}

	record RecordAction(@TargetAggregateIdentifier String incidentId, ActionKind kind, String description,
			List<String> relatedImpactIds, CommandContext context, @TargetAggregateVersion Long expectedVersion) {

		RecordAction {
			relatedImpactIds = (relatedImpactIds != null) ? List.copyOf(relatedImpactIds) : List.of();
		}

	}

	record ChangeSeverity(@TargetAggregateIdentifier String incidentId, Severity severity, String reason,
			CommandContext context, @TargetAggregateVersion Long expectedVersion) {
	}

	/**
	 * @param publicTitle a new public title, or {@code null} to keep the current one;
	 * only a public update may carry one
	 */
	record PostStatusUpdate(@TargetAggregateIdentifier String incidentId, UpdateStatus status, String message,
			boolean isPublic, String publicTitle, CommandContext context,
			@TargetAggregateVersion Long expectedVersion) {
	}

	record ReportImpact(@TargetAggregateIdentifier String incidentId, String impactId, String service, String region,
			ImpactLevel level, BigDecimal errorRate, Instant startedAt, Instant endedAt,
			AffectedUsers estimatedAffectedUsers, List<String> affectedCustomerIds, CommandContext context,
			@TargetAggregateVersion Long expectedVersion) {
	}

	record EndImpact(@TargetAggregateIdentifier String incidentId, String impactId, Instant endedAt,
			CommandContext context, @TargetAggregateVersion Long expectedVersion) {
	}

	record CorrectImpact(@TargetAggregateIdentifier String incidentId, String impactId, Instant startedAt,
			Instant endedAt, ImpactLevel level, BigDecimal errorRate, String reason, CommandContext context,
			@TargetAggregateVersion Long expectedVersion) {
	}

	record ResolveIncident(@TargetAggregateIdentifier String incidentId, String summary, CommandContext context,
			@TargetAggregateVersion Long expectedVersion) {
	}

	record ReopenIncident(@TargetAggregateIdentifier String incidentId, String reason, CommandContext context,
			@TargetAggregateVersion Long expectedVersion) {
	}

	record AddNote(@TargetAggregateIdentifier String incidentId, String text, CommandContext context,
			@TargetAggregateVersion Long expectedVersion) {
	}

	record PublishPostmortem(@TargetAggregateIdentifier String incidentId, String rootCause, String trigger,
			String resolution, String detection, List<String> lessons, List<ActionItem> actionItems,
			CommandContext context, @TargetAggregateVersion Long expectedVersion) {
	}

	/**
	 * Monitoring signals for the incident, applied in order (signals.md): the rules in
	 * {@link SignalRules}. One command takes all of a poll's signals for the incident.
	 */
	record ApplySignals(@TargetAggregateIdentifier String incidentId, List<RoutedSignal> signals,
			CommandContext context) {
	}

}
