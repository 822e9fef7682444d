package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.UpdateStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands the {@link Incident} aggregate takes. Each carries its
 * {@link CommandContext}: times and ids come in on the command, never from a clock in the
 * aggregate.
 */
final class Commands {

	private Commands() {
	}

	record DeclareIncident(@TargetAggregateIdentifier String incidentId, String title, Severity severity,
			String summary, DetectionSource detectionSource, Instant detectedAt, List<String> services,
			List<String> regions, CommandContext context) {
	}

	record RecordAction(@TargetAggregateIdentifier String incidentId, ActionKind kind, String description,
			CommandContext context) {
	}

	record ReportImpact(@TargetAggregateIdentifier String incidentId, String impactId, String service, String region,
			ImpactLevel level, BigDecimal errorRate, Instant startedAt, Instant endedAt,
			AffectedUsers estimatedAffectedUsers, List<String> affectedCustomerIds, CommandContext context) {
	}

	record EndImpact(@TargetAggregateIdentifier String incidentId, String impactId, Instant endedAt,
			CommandContext context) {
	}

	record PostStatusUpdate(@TargetAggregateIdentifier String incidentId, UpdateStatus status, String message,
			boolean isPublic, CommandContext context) {
	}

	record ResolveIncident(@TargetAggregateIdentifier String incidentId, String summary, CommandContext context) {
	}

}
