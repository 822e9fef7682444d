package com.nimbus.incidents.command.incident;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.command.incident.Commands.AddNote;
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
import com.nimbus.incidents.command.incident.Requests.AddNoteRequest;
import com.nimbus.incidents.command.incident.Requests.AssignResponderRequest;
import com.nimbus.incidents.command.incident.Requests.ChangeSeverityRequest;
import com.nimbus.incidents.command.incident.Requests.CorrectImpactRequest;
import com.nimbus.incidents.command.incident.Requests.DeclareIncidentRequest;
import com.nimbus.incidents.command.incident.Requests.EndImpactRequest;
import com.nimbus.incidents.command.incident.Requests.PostStatusUpdateRequest;
import com.nimbus.incidents.command.incident.Requests.PublishPostmortemRequest;
import com.nimbus.incidents.command.incident.Requests.RecordActionRequest;
import com.nimbus.incidents.command.incident.Requests.ReopenIncidentRequest;
import com.nimbus.incidents.command.incident.Requests.ReportImpactRequest;
import com.nimbus.incidents.command.incident.Requests.ResolveIncidentRequest;
import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.ResponderRole;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Responders' writes, as in {@code api.md}. Each request becomes one command; the answer
 * carries the version (last event sequence) that the read side will show once it has
 * caught up. Every command takes an optional {@code occurredAt} (default: now); an
 * {@code If-Match} header with a stale version gets 412.
 */
@RestController
@RequestMapping("/api/incidents")
class IncidentController {

	private final CommandGateway commands;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ContractedCustomers contracted;

	IncidentController(CommandGateway commands, Clock clock, MeterRegistry meters, ContractedCustomers contracted) {
		this.commands = commands;
		this.clock = clock;
		this.meters = meters;
		this.contracted = contracted;
	}

	record Accepted(String incidentId, long version) {
	}

	record ImpactAccepted(String incidentId, String impactId, long version) {
	}

	/**
	 * What every write reads besides its body: the clock, the actor and {@code If-Match}.
	 */
	private record Write(RequestTimes times, String actor, Long expectedVersion) {

		CommandContext at(String field, Instant occurredAt) {
			return this.times.context(field, occurredAt, this.actor);
		}

	}

	private Write write(Jwt caller, String ifMatch) {
		return new Write(new RequestTimes(this.clock), Actors.of(caller), IfMatch.expectedVersion(ifMatch));
	}

	@PostMapping
	ResponseEntity<Accepted> declare(@Valid @RequestBody DeclareIncidentRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestAttribute(name = IncidentIds.ASSIGNED_ID, required = false) String assignedId) {
		Write write = write(caller, null);
		CommandContext context = write.at("declaredAt", request.declaredAt());
		String incidentId = (assignedId != null) ? assignedId : IncidentIds.newIncidentId();
		// the declarer commands unless they name someone else
		String commander = (request.commander() != null) ? request.commander().strip() : write.actor();
		send(new DeclareIncident(incidentId, request.title(), request.publicTitle(), request.severity(),
				request.summary(), request.detectionSource(),
				write.times().optional("detectedAt", request.detectedAt()), request.services(), request.regions(),
				commander, context));
		// IncidentDeclared is version 0, ResponderAssigned (the commander) version 1
		return ResponseEntity.created(URI.create("/api/incidents/" + incidentId)).body(new Accepted(incidentId, 1));
	}

	@PostMapping("/{incidentId}/responders")
	Accepted assignResponder(@PathVariable String incidentId, @Valid @RequestBody AssignResponderRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId, new AssignResponder(known(incidentId), request.person().strip(), request.role(),
				write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@DeleteMapping("/{incidentId}/responders/{person}/{role}")
	Accepted releaseResponder(@PathVariable String incidentId, @PathVariable String person, @PathVariable String role,
			@RequestParam(required = false) Instant occurredAt, @AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		if (person.isBlank() || person.length() > 200) {
			throw new InvalidCommandInput("person", "person must be 1 to 200 characters");
		}
		return accepted(incidentId, new ReleaseResponder(known(incidentId), person.strip(), role(role),
				write.at("occurredAt", occurredAt), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/actions")
	Accepted recordAction(@PathVariable String incidentId, @Valid @RequestBody RecordActionRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId, new RecordAction(known(incidentId), request.kind(), request.description(),
				request.relatedImpactIds(), write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/severity")
	Accepted changeSeverity(@PathVariable String incidentId, @Valid @RequestBody ChangeSeverityRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId, new ChangeSeverity(known(incidentId), request.severity(), request.reason(),
				write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/status-updates")
	Accepted postStatusUpdate(@PathVariable String incidentId, @Valid @RequestBody PostStatusUpdateRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId,
				new PostStatusUpdate(known(incidentId), request.status(), request.message(), request.isPublic(),
						request.publicTitle(), write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/impacts")
	ResponseEntity<ImpactAccepted> reportImpact(@PathVariable String incidentId,
			@Valid @RequestBody ReportImpactRequest request, @AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		String impactId = (request.impactId() != null) ? request.impactId() : IncidentIds.newImpactId();
		AffectedUsers users = null;
		if (request.estimatedAffectedUsers() != null) {
			if (request.estimatedAffectedUsers().low() > request.estimatedAffectedUsers().high()) {
				throw new InvalidCommandInput("estimatedAffectedUsers.low",
						"low (" + request.estimatedAffectedUsers().low() + ") must not exceed high ("
								+ request.estimatedAffectedUsers().high() + ")");
			}
			users = new AffectedUsers(request.estimatedAffectedUsers().low(), request.estimatedAffectedUsers().high());
		}
		if (request.affectedCustomerIds() != null && !request.affectedCustomerIds().isEmpty()) {
			List<String> unknown = this.contracted.withoutContract(request.affectedCustomerIds());
			if (!unknown.isEmpty()) {
				throw new InvalidCommandInput("affectedCustomerIds", "no contract for "
						+ ((unknown.size() == 1) ? "customer " : "customers ") + String.join(", ", unknown)
						+ "; affectedCustomerIds names customers of the contract book (PUT /api/contracts/{customerId})");
			}
		}
		long version = send(new ReportImpact(known(incidentId), impactId, request.service(), request.region(),
				request.level(), request.errorRate(), write.times().optional("startedAt", request.startedAt()),
				write.times().optional("endedAt", request.endedAt()), users, request.affectedCustomerIds(),
				write.at("startedAt", request.startedAt()), write.expectedVersion()));
		return ResponseEntity.status(HttpStatus.CREATED).body(new ImpactAccepted(incidentId, impactId, version));
	}

	@PostMapping("/{incidentId}/impacts/{impactId}/end")
	Accepted endImpact(@PathVariable String incidentId, @PathVariable String impactId,
			@Valid @RequestBody EndImpactRequest request, @AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId,
				new EndImpact(known(incidentId), impactId, write.times().optional("endedAt", request.endedAt()),
						write.at("endedAt", request.endedAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/impacts/{impactId}/corrections")
	Accepted correctImpact(@PathVariable String incidentId, @PathVariable String impactId,
			@Valid @RequestBody CorrectImpactRequest request, @AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId,
				new CorrectImpact(known(incidentId), impactId, write.times().optional("startedAt", request.startedAt()),
						write.times().optional("endedAt", request.endedAt()), request.level(), request.errorRate(),
						request.reason(), write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/resolve")
	Accepted resolve(@PathVariable String incidentId, @Valid @RequestBody ResolveIncidentRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId, new ResolveIncident(known(incidentId), request.summary(),
				write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/reopen")
	Accepted reopen(@PathVariable String incidentId, @Valid @RequestBody ReopenIncidentRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId, new ReopenIncident(known(incidentId), request.reason(),
				write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/notes")
	Accepted addNote(@PathVariable String incidentId, @Valid @RequestBody AddNoteRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		return accepted(incidentId, new AddNote(known(incidentId), request.text(),
				write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	@PostMapping("/{incidentId}/postmortem")
	Accepted publishPostmortem(@PathVariable String incidentId, @Valid @RequestBody PublishPostmortemRequest request,
			@AuthenticationPrincipal Jwt caller,
			@RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
		Write write = write(caller, ifMatch);
		List<ActionItem> items = (request.actionItems() != null) ? request.actionItems()
			.stream()
			.map((item) -> new ActionItem(item.description(), item.owner()))
			.toList() : List.of();
		return accepted(incidentId,
				new PublishPostmortem(known(incidentId), request.rootCause(), request.trigger(), request.resolution(),
						request.detection(), (request.lessons() != null) ? request.lessons() : List.of(), items,
						write.at("occurredAt", request.occurredAt()), write.expectedVersion()));
	}

	private Accepted accepted(String incidentId, Object command) {
		return new Accepted(incidentId, send(command));
	}

	/**
	 * Sends the command and counts it ({@code incidents.commands}, by command and
	 * outcome).
	 */
	private long send(Object command) {
		String name = command.getClass().getSimpleName();
		try {
			Object result = StaleCacheRetry.sendAndWait(this.commands, command);
			this.meters.counter("incidents.commands", "command", name, "outcome", "accepted").increment();
			return (result instanceof Number version) ? version.longValue() : 0L;
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null
					&& ex instanceof org.axonframework.commandhandling.CommandExecutionException) ? ex.getCause() : ex;
			this.meters.counter("incidents.commands", "command", name, "outcome", cause.getClass().getSimpleName())
				.increment();
			throw ex;
		}
	}

	private static ResponderRole role(String role) {
		try {
			return ResponderRole.valueOf(role);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCommandInput("role",
					"role must be one of "
							+ java.util.Arrays.toString(ResponderRole.values()).replaceAll("[\\[\\]]", "") + " (got "
							+ role + ")");
		}
	}

	/**
	 * An id that cannot name an incident names no incident: 404 without asking the store.
	 */
	private static String known(String incidentId) {
		if (!IncidentIds.isIncidentId(incidentId)) {
			throw new AggregateNotFoundException(incidentId, "No incident " + incidentId);
		}
		return incidentId;
	}

}
