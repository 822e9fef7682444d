package com.nimbus.incidents.command.incident;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbus.incidents.command.incident.Commands.DeclareIncident;
import com.nimbus.incidents.command.incident.Commands.EndImpact;
import com.nimbus.incidents.command.incident.Commands.PostStatusUpdate;
import com.nimbus.incidents.command.incident.Commands.RecordAction;
import com.nimbus.incidents.command.incident.Commands.ReportImpact;
import com.nimbus.incidents.command.incident.Commands.ResolveIncident;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.StatusUpdatePosted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An incident, event-sourced. Command handlers check the rules and apply events; event
 * sourcing handlers only assign state. It keeps only what its rules need; every view of
 * the incident is built from the events downstream.
 */
@Aggregate(snapshotTriggerDefinition = "incidentSnapshotTrigger", cache = "incidentCache")
class Incident {

	@AggregateIdentifier
	private String incidentId;

	private boolean resolved;

	private Instant declaredAt;

	private Instant resolvedAt;

	private Map<String, ImpactFacts> impacts = new LinkedHashMap<>();

	Incident() {
		// for Axon
	}

	@CommandHandler
	Incident(DeclareIncident command) {
		Instant declaredAt = command.context().occurredAt();
		if (command.detectedAt() != null && command.detectedAt().isAfter(declaredAt)) {
			throw new InvalidCommandInput("detectedAt", "detectedAt " + command.detectedAt() + " is after declaredAt "
					+ declaredAt + "; an incident is detected before it is declared");
		}
		// The event carries no id; its envelope does. Axon takes it from the aggregate.
		this.incidentId = command.incidentId();
		apply(new IncidentDeclared(command.title(), command.severity(), command.summary(), command.detectionSource(),
				(command.detectedAt() != null) ? command.detectedAt() : declaredAt, command.services(),
				command.regions()), EventMetadata.of(declaredAt, command.context()));
	}

	@CommandHandler
	long handle(RecordAction command) {
		apply(new ActionRecorded(command.kind(), command.description()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(PostStatusUpdate command) {
		apply(new StatusUpdatePosted(command.status(), command.message(), command.isPublic()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(ReportImpact command) {
		if (this.impacts.containsKey(command.impactId())) {
			throw new IncidentRuleViolation("impact-exists", "Impact " + command.impactId() + " is already reported on "
					+ this.incidentId + "; correct it instead of reporting it again");
		}
		if (command.endedAt() != null && !command.endedAt().isAfter(command.startedAt())) {
			throw new InvalidCommandInput("endedAt",
					"endedAt " + command.endedAt() + " must be after startedAt " + command.startedAt());
		}
		if (this.resolved && command.endedAt() == null) {
			throw new IncidentRuleViolation("incident-resolved", "Incident " + this.incidentId
					+ " is resolved; report the impact with its endedAt, or reopen the incident first");
		}
		apply(new ImpactReported(command.impactId(), command.service(), command.region(), command.level(),
				command.errorRate(), command.startedAt(), command.endedAt(), command.estimatedAffectedUsers(),
				command.affectedCustomerIds()), EventMetadata.of(command.startedAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(EndImpact command) {
		ImpactFacts impact = knownImpact(command.impactId());
		if (impact.endedAt() != null) {
			throw new IncidentRuleViolation("impact-ended", "Impact " + command.impactId() + " already ended at "
					+ impact.endedAt() + "; correct its endedAt instead");
		}
		if (!command.endedAt().isAfter(impact.startedAt())) {
			throw new InvalidCommandInput("endedAt",
					"endedAt " + command.endedAt() + " must be after the impact's startedAt " + impact.startedAt());
		}
		apply(new ImpactEnded(command.impactId(), command.endedAt()),
				EventMetadata.of(command.endedAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(ResolveIncident command) {
		if (this.resolved) {
			throw new IncidentRuleViolation("incident-resolved",
					"Incident " + this.incidentId + " was already resolved at " + this.resolvedAt);
		}
		String open = String.join(", ",
				this.impacts.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().endedAt() == null)
					.map(Map.Entry::getKey)
					.toList());
		if (!open.isEmpty()) {
			throw new IncidentRuleViolation("impacts-open",
					"Impacts still open on " + this.incidentId + ": " + open + "; end them before resolving");
		}
		Instant occurredAt = command.context().occurredAt();
		if (occurredAt.isBefore(this.declaredAt)) {
			throw new InvalidCommandInput("occurredAt",
					"occurredAt " + occurredAt + " is before the incident was declared at " + this.declaredAt);
		}
		apply(new IncidentResolved(command.summary()), EventMetadata.of(occurredAt, command.context()));
		return version();
	}

	/**
	 * The sequence of the last event applied: the version a client can wait for.
	 */
	private static long version() {
		return AggregateLifecycle.getVersion();
	}

	private ImpactFacts knownImpact(String impactId) {
		ImpactFacts impact = this.impacts.get(impactId);
		if (impact == null) {
			throw new IncidentRuleViolation("unknown-impact",
					"Incident " + this.incidentId + " has no impact " + impactId);
		}
		return impact;
	}

	@EventSourcingHandler
	void on(IncidentDeclared event, @SourceId String incidentId, MetaData metaData) {
		this.incidentId = incidentId;
		this.declaredAt = EventMetadata.occurredAt(metaData);
	}

	@EventSourcingHandler
	void on(ImpactReported event) {
		this.impacts.put(event.impactId(), new ImpactFacts(event.startedAt(), event.endedAt()));
	}

	@EventSourcingHandler
	void on(ImpactEnded event) {
		this.impacts.computeIfPresent(event.impactId(),
				(id, facts) -> new ImpactFacts(facts.startedAt(), event.endedAt()));
	}

	@EventSourcingHandler
	void on(IncidentResolved event, MetaData metaData) {
		this.resolved = true;
		this.resolvedAt = EventMetadata.occurredAt(metaData);
	}

	/**
	 * What the rules need to know of an impact window.
	 */
	record ImpactFacts(Instant startedAt, Instant endedAt) {
	}

}
