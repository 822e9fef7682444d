package com.nimbus.incidents.command.incident;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.command.incident.Commands.DeclareIncident;
import com.nimbus.incidents.command.incident.Commands.EndImpact;
import com.nimbus.incidents.command.incident.Commands.PostStatusUpdate;
import com.nimbus.incidents.command.incident.Commands.RecordAction;
import com.nimbus.incidents.command.incident.Commands.ReportImpact;
import com.nimbus.incidents.command.incident.Commands.ResolveIncident;
import com.nimbus.incidents.command.incident.Requests.DeclareIncidentRequest;
import com.nimbus.incidents.command.incident.Requests.EndImpactRequest;
import com.nimbus.incidents.command.incident.Requests.PostStatusUpdateRequest;
import com.nimbus.incidents.command.incident.Requests.RecordActionRequest;
import com.nimbus.incidents.command.incident.Requests.ReportImpactRequest;
import com.nimbus.incidents.command.incident.Requests.ResolveIncidentRequest;
import com.nimbus.incidents.events.AffectedUsers;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Responders' writes. Each request becomes one command; the answer carries the version
 * (last event sequence) that the read side will show once it has caught up.
 */
@RestController
@RequestMapping("/api/incidents")
class IncidentController {

	/** Until sign-in arrives, the caller names itself in this header. */
	static final String ACTOR_HEADER = "X-Actor";

	private final CommandGateway commands;

	private final Clock clock;

	IncidentController(CommandGateway commands, Clock clock) {
		this.commands = commands;
		this.clock = clock;
	}

	record Accepted(String incidentId, long version) {
	}

	record ImpactAccepted(String incidentId, String impactId, long version) {
	}

	@PostMapping
	ResponseEntity<Accepted> declare(@Valid @RequestBody DeclareIncidentRequest request,
			@RequestHeader(name = ACTOR_HEADER, required = false) String actor) {
		RequestTimes times = new RequestTimes(this.clock);
		CommandContext context = times.context("declaredAt", request.declaredAt(), Actors.of(actor));
		String incidentId = IncidentIds.newIncidentId();
		send(new DeclareIncident(incidentId, request.title(), request.severity(), request.summary(),
				request.detectionSource(), times.optional("detectedAt", request.detectedAt()), request.services(),
				request.regions(), context));
		return ResponseEntity.created(URI.create("/api/incidents/" + incidentId)).body(new Accepted(incidentId, 0));
	}

	@PostMapping("/{incidentId}/actions")
	Accepted recordAction(@PathVariable String incidentId, @Valid @RequestBody RecordActionRequest request,
			@RequestHeader(name = ACTOR_HEADER, required = false) String actor) {
		RequestTimes times = new RequestTimes(this.clock);
		return accepted(incidentId, new RecordAction(known(incidentId), request.kind(), request.description(),
				times.context("occurredAt", request.occurredAt(), Actors.of(actor))));
	}

	@PostMapping("/{incidentId}/status-updates")
	Accepted postStatusUpdate(@PathVariable String incidentId, @Valid @RequestBody PostStatusUpdateRequest request,
			@RequestHeader(name = ACTOR_HEADER, required = false) String actor) {
		RequestTimes times = new RequestTimes(this.clock);
		return accepted(incidentId, new PostStatusUpdate(known(incidentId), request.status(), request.message(),
				request.isPublic(), times.context("occurredAt", request.occurredAt(), Actors.of(actor))));
	}

	@PostMapping("/{incidentId}/impacts")
	ResponseEntity<ImpactAccepted> reportImpact(@PathVariable String incidentId,
			@Valid @RequestBody ReportImpactRequest request,
			@RequestHeader(name = ACTOR_HEADER, required = false) String actor) {
		RequestTimes times = new RequestTimes(this.clock);
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
		long version = send(new ReportImpact(known(incidentId), impactId, request.service(), request.region(),
				request.level(), request.errorRate(), times.optional("startedAt", request.startedAt()),
				times.optional("endedAt", request.endedAt()), users, request.affectedCustomerIds(),
				times.context("startedAt", request.startedAt(), Actors.of(actor))));
		return ResponseEntity.status(HttpStatus.CREATED).body(new ImpactAccepted(incidentId, impactId, version));
	}

	@PostMapping("/{incidentId}/impacts/{impactId}/end")
	Accepted endImpact(@PathVariable String incidentId, @PathVariable String impactId,
			@Valid @RequestBody EndImpactRequest request,
			@RequestHeader(name = ACTOR_HEADER, required = false) String actor) {
		RequestTimes times = new RequestTimes(this.clock);
		return accepted(incidentId,
				new EndImpact(known(incidentId), impactId, times.optional("endedAt", request.endedAt()),
						times.context("endedAt", request.endedAt(), Actors.of(actor))));
	}

	@PostMapping("/{incidentId}/resolve")
	Accepted resolve(@PathVariable String incidentId, @Valid @RequestBody ResolveIncidentRequest request,
			@RequestHeader(name = ACTOR_HEADER, required = false) String actor) {
		RequestTimes times = new RequestTimes(this.clock);
		return accepted(incidentId, new ResolveIncident(known(incidentId), request.summary(),
				times.context("occurredAt", request.occurredAt(), Actors.of(actor))));
	}

	private Accepted accepted(String incidentId, Object command) {
		return new Accepted(incidentId, send(command));
	}

	private long send(Object command) {
		Object result = this.commands.sendAndWait(command, 30, TimeUnit.SECONDS);
		return (result instanceof Number version) ? version.longValue() : 0L;
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
