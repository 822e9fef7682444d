package com.nimbus.incidents.command.incident;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbus.incidents.command.incident.Commands.AddNote;
import com.nimbus.incidents.command.incident.Commands.ApplySignals;
import com.nimbus.incidents.command.incident.Commands.AssignResponder;
import com.nimbus.incidents.command.incident.Commands.ChangeSeverity;
import com.nimbus.incidents.command.incident.Commands.CorrectImpact;
import com.nimbus.incidents.command.incident.Commands.DeclareIncident;
import com.nimbus.incidents.command.incident.Commands.EndImpact;
import com.nimbus.incidents.command.incident.Commands.PostStatusUpdate;
import com.nimbus.incidents.command.incident.Commands.PublishPostmortem;
import com.nimbus.incidents.command.incident.Commands.RecordAction;
import com.nimbus.incidents.command.incident.Commands.ReleaseResponder;
import com.nimbus.incidents.command.incident.Commands.ReopenIncident;
import com.nimbus.incidents.command.incident.Commands.ReportImpact;
import com.nimbus.incidents.command.incident.Commands.ResolveIncident;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentReopened;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderReleased;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;
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
 * <p>
 * Rules: one commander at a time (assigning another hands over: the current one is
 * released); a person holds a role once; only a held role can be released; a severity
 * change changes the severity; impact ids are unique, windows end after they start, an
 * ended window cannot be ended again (correct it instead), a correction names at least
 * one field and cannot end an open window; a resolved incident cannot be resolved again,
 * needs every window ended, and takes no open window; only a resolved incident can be
 * reopened, not before its resolution; a postmortem is published for a resolved incident.
 * A person's declaration names its commander (the declarer unless they chose someone
 * else): {@code IncidentDeclared} then {@code ResponderAssigned}, at the same time.
 */
@Aggregate(snapshotTriggerDefinition = "incidentSnapshotTrigger", cache = "incidentCache")
class Incident {

	@AggregateIdentifier
	private String incidentId;

	private Severity severity;

	private boolean resolved;

	private Instant declaredAt;

	private Instant resolvedAt;

	private Map<String, ImpactFacts> impacts = new LinkedHashMap<>();

	private Set<Assignment> responders = new LinkedHashSet<>();

	/** The latest window monitoring opened on each component ({@code service|region}). */
	private Map<String, MonitorWindow> monitorWindows = new LinkedHashMap<>();

	/** What the incident knows of each alert (source and fingerprint). */
	private Map<String, SignalRules.Mark> signalMarks = new LinkedHashMap<>();

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
		MetaData metaData = EventMetadata.of(declaredAt, command.context());
		apply(new IncidentDeclared(command.title(), command.severity(), command.summary(), command.detectionSource(),
				(command.detectedAt() != null) ? command.detectedAt() : declaredAt, command.services(),
				command.regions(), command.publicTitle()), metaData);
		if (command.commander() != null) {
			// explicit, so that every reader of the log sees who commands from the start
			apply(new ResponderAssigned(command.commander(), ResponderRole.COMMANDER), metaData);
		}
	}

	@CommandHandler
	long handle(AssignResponder command) {
		Assignment assignment = new Assignment(command.person(), command.role());
		if (this.responders.contains(assignment)) {
			throw new IncidentRuleViolation("responder-assigned",
					command.person() + " is already " + command.role() + " of " + this.incidentId);
		}
		MetaData metaData = EventMetadata.of(command.context().occurredAt(), command.context());
		if (command.role() == ResponderRole.COMMANDER) {
			this.responders.stream()
				.filter((held) -> held.role() == ResponderRole.COMMANDER)
				.toList()
				.forEach(
						(current) -> apply(new ResponderReleased(current.person(), ResponderRole.COMMANDER), metaData));
		}
		apply(new ResponderAssigned(command.person(), command.role()), metaData);
		return version();
	}

	@CommandHandler
	long handle(ReleaseResponder command) {
		if (!this.responders.contains(new Assignment(command.person(), command.role()))) {
			throw new IncidentRuleViolation("responder-not-assigned",
					command.person() + " is not " + command.role() + " of " + this.incidentId);
		}
		apply(new ResponderReleased(command.person(), command.role()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(RecordAction command) {
		command.relatedImpactIds().forEach(this::knownImpact);
		apply(new ActionRecorded(command.kind(), command.description(), command.relatedImpactIds()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(ChangeSeverity command) {
		if (command.severity() == this.severity) {
			throw new IncidentRuleViolation("severity-unchanged",
					"Incident " + this.incidentId + " is already " + this.severity);
		}
		apply(new SeverityChanged(this.severity, command.severity(), command.reason()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(PostStatusUpdate command) {
		// The public title is what customers read; setting it from an update they never
		// see
		// would publish it silently, so an internal update may not carry one.
		if (command.publicTitle() != null && !command.isPublic()) {
			throw new InvalidCommandInput("publicTitle",
					"publicTitle is only for a public status update; post it with \"public\": true");
		}
		apply(new StatusUpdatePosted(command.status(), command.message(), command.isPublic(), command.publicTitle()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(AddNote command) {
		apply(new NoteAdded(command.text()), EventMetadata.of(command.context().occurredAt(), command.context()));
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
	long handle(CorrectImpact command) {
		ImpactFacts impact = knownImpact(command.impactId());
		if (command.startedAt() == null && command.endedAt() == null && command.level() == null
				&& command.errorRate() == null) {
			throw new InvalidCommandInput("startedAt",
					"a correction names at least one of startedAt, endedAt, level, errorRate");
		}
		if (command.endedAt() != null && impact.endedAt() == null) {
			throw new IncidentRuleViolation("impact-open",
					"Impact " + command.impactId() + " has not ended; end it instead of correcting its end");
		}
		Instant start = (command.startedAt() != null) ? command.startedAt() : impact.startedAt();
		Instant end = (command.endedAt() != null) ? command.endedAt() : impact.endedAt();
		if (end != null && !end.isAfter(start)) {
			throw new InvalidCommandInput((command.endedAt() != null) ? "endedAt" : "startedAt",
					"the corrected window would end at " + end + ", not after its start " + start);
		}
		apply(new ImpactCorrected(command.impactId(), command.startedAt(), command.endedAt(), command.level(),
				command.errorRate(), command.reason()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
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

	@CommandHandler
	long handle(ReopenIncident command) {
		if (!this.resolved) {
			throw new IncidentRuleViolation("incident-open", "Incident " + this.incidentId + " is not resolved");
		}
		Instant occurredAt = command.context().occurredAt();
		if (occurredAt.isBefore(this.resolvedAt)) {
			throw new InvalidCommandInput("occurredAt",
					"occurredAt " + occurredAt + " is before the resolution at " + this.resolvedAt);
		}
		apply(new IncidentReopened(command.reason()), EventMetadata.of(occurredAt, command.context()));
		return version();
	}

	@CommandHandler
	long handle(PublishPostmortem command) {
		if (!this.resolved) {
			throw new IncidentRuleViolation("incident-open",
					"Incident " + this.incidentId + " is not resolved; publish its postmortem after resolving it");
		}
		apply(new PostmortemPublished(command.rootCause(), command.trigger(), command.resolution(), command.detection(),
				command.lessons(), command.actionItems()),
				EventMetadata.of(command.context().occurredAt(), command.context()));
		return version();
	}

	@CommandHandler
	long handle(ApplySignals command) {
		if (this.resolved
				&& command.signals().stream().anyMatch((routed) -> routed.signal().status() == SignalStatus.FIRING)) {
			throw new IncidentRuleViolation("incident-resolved",
					"Incident " + this.incidentId + " is resolved; a firing signal belongs to an open incident");
		}
		takeIn(command.signals(), command.context());
		return version();
	}

	/**
	 * Applies the signals' rules, one signal after the other: each applied event is
	 * handled at once, so the next signal sees its effect.
	 */
	private void takeIn(List<RoutedSignal> signals, CommandContext context) {
		for (RoutedSignal routed : signals) {
			Set<String> personWindows = new LinkedHashSet<>();
			this.impacts.values()
				.stream()
				.filter((impact) -> !impact.monitor() && impact.endedAt() == null)
				.forEach((impact) -> personWindows.add(impact.component()));
			for (SignalRules.Fact fact : SignalRules.apply(this.incidentId, routed.signal(), routed.flapWindow(),
					this.monitorWindows, personWindows, this.signalMarks)) {
				apply(fact.event(), EventMetadata.ofMonitor(fact.occurredAt(), context));
			}
		}
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
		this.severity = event.severity();
	}

	@EventSourcingHandler
	void on(ResponderAssigned event) {
		this.responders.add(new Assignment(event.person(), event.role()));
	}

	@EventSourcingHandler
	void on(ResponderReleased event) {
		this.responders.remove(new Assignment(event.person(), event.role()));
	}

	@EventSourcingHandler
	void on(SeverityChanged event) {
		this.severity = event.to();
	}

	@EventSourcingHandler
	void on(ImpactReported event) {
		String component = event.service() + "|" + event.region();
		boolean monitor = event.source() == ImpactSource.MONITOR;
		this.impacts.put(event.impactId(), new ImpactFacts(event.startedAt(), event.endedAt(), component, monitor));
		if (monitor) {
			this.monitorWindows.put(component, MonitorWindow.opened(event.impactId(), component, event.level(),
					event.errorRate(), event.startedAt(), event.endedAt()));
		}
	}

	@EventSourcingHandler
	void on(ImpactEnded event, MetaData metaData) {
		this.impacts.computeIfPresent(event.impactId(), (id, facts) -> facts.withEnd(event.endedAt()));
		monitorWindow(event.impactId(), (window) -> window.ended(event.endedAt(), !EventMetadata.byMonitor(metaData)));
	}

	@EventSourcingHandler
	void on(ImpactCorrected event, MetaData metaData) {
		this.impacts.computeIfPresent(event.impactId(),
				(id, facts) -> new ImpactFacts((event.startedAt() != null) ? event.startedAt() : facts.startedAt(),
						event.reopens() ? null : ((event.endedAt() != null) ? event.endedAt() : facts.endedAt()),
						facts.component(), facts.monitor()));
		monitorWindow(event.impactId(), (window) -> window.corrected(event.level(), event.errorRate(),
				event.startedAt(), event.endedAt(), event.reopens(), !EventMetadata.byMonitor(metaData)));
	}

	@EventSourcingHandler
	void on(SignalReceived event) {
		IncomingSignal signal = new IncomingSignal(event.source(), event.fingerprint(), event.status(), event.service(),
				event.region(), event.level(), event.errorRate(), event.startsAt(), event.endsAt(), event.summary());
		this.signalMarks.put(signal.key(), new SignalRules.Mark(event.status(), event.startsAt(), event.impactId()));
		if (event.impactId() != null) {
			monitorWindow(event.impactId(), (window) -> (event.status() == SignalStatus.FIRING)
					? window.holding(signal.key()) : window.released(signal.key(), event.endsAt()));
		}
	}

	private void monitorWindow(String impactId, java.util.function.UnaryOperator<MonitorWindow> change) {
		ImpactFacts facts = this.impacts.get(impactId);
		if (facts != null && facts.monitor()) {
			this.monitorWindows.computeIfPresent(facts.component(),
					(component, window) -> window.impactId().equals(impactId) ? change.apply(window) : window);
		}
	}

	@EventSourcingHandler
	void on(IncidentResolved event, MetaData metaData) {
		this.resolved = true;
		this.resolvedAt = EventMetadata.occurredAt(metaData);
	}

	@EventSourcingHandler
	void on(IncidentReopened event) {
		this.resolved = false;
		this.resolvedAt = null;
	}

	/**
	 * What the rules need to know of an impact window.
	 *
	 * @param component its {@code service|region}
	 * @param monitor whether monitoring opened it
	 */
	record ImpactFacts(Instant startedAt, Instant endedAt, String component, boolean monitor) {

		ImpactFacts withEnd(Instant end) {
			return new ImpactFacts(this.startedAt, end, this.component, this.monitor);
		}

	}

	/**
	 * A person in a role.
	 */
	record Assignment(String person, ResponderRole role) {
	}

}
