package com.nimbus.incidents.command.incident;

import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.command.incident.Commands.ApplySignals;
import com.nimbus.incidents.command.incident.Commands.DeclareIncident;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.Severity;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import org.springframework.stereotype.Component;

/**
 * What the signal feature may ask of incidents: take a signal in, and declare an incident
 * for one. Both may be repeated with the same arguments (a signal taken in again after a
 * restart) and change nothing the second time.
 */
@Component
public class SignalCommands {

	private final CommandGateway commands;

	SignalCommands(CommandGateway commands) {
		this.commands = commands;
	}

	/**
	 * The id an incident declared for a signal takes: derived from the seed, so that
	 * declaring twice for one signal declares one incident.
	 */
	public static String incidentIdFor(String seed) {
		return IncidentIds.derived("INC-", seed);
	}

	/**
	 * Applies the signals to the incident, in order, in one command (see
	 * {@link SignalRules}).
	 * @return the incident's version after them
	 * @throws IncidentRuleViolation when the incident is resolved and one of them fires
	 */
	public long apply(String incidentId, List<RoutedSignal> signals, String actor, Instant recordedAt) {
		Object version = send(
				new ApplySignals(incidentId, List.copyOf(signals), new CommandContext(recordedAt, recordedAt, actor)));
		return (version instanceof Number number) ? number.longValue() : 0;
	}

	/**
	 * Declares an incident detected by monitoring, unless one of this id exists already
	 * (declared before a restart, or by another placer), and takes the signals in.
	 */
	public void declareWith(String incidentId, String title, Severity severity, Instant detectedAt, String service,
			String region, List<RoutedSignal> signals, String actor, Instant recordedAt) {
		CommandContext context = new CommandContext(recordedAt, recordedAt, actor);
		try {
			send(declaration(incidentId, title, severity, detectedAt, service, region, context));
		}
		catch (AggregateStreamCreationException | ConcurrencyException ex) {
			// declared already: take the signals in there
		}
		apply(incidentId, signals, actor, recordedAt);
	}

	private static DeclareIncident declaration(String incidentId, String title, Severity severity, Instant detectedAt,
			String service, String region, CommandContext context) {
		return new DeclareIncident(incidentId, title, null, severity, "Declared by monitoring: " + title,
				DetectionSource.MONITORING, detectedAt, List.of(service), List.of(region), null, context);
	}

	private Object send(Object command) {
		try {
			return StaleCacheRetry.sendAndWait(this.commands, command);
		}
		catch (CommandExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
