package com.nimbus.incidents.command.idempotency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.command.contract.ContractIds;
import com.nimbus.incidents.command.incident.IncidentIds;
import com.nimbus.incidents.events.ImpactReported;
import org.axonframework.eventhandling.DomainEventMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a write names and how its success reads: the aggregate a request writes to, known
 * from its method and path before the command runs, and the answer the controllers give
 * once it has appended (rebuilt from the events when that answer was lost). The shapes
 * are those of {@code IncidentController} and {@code ContractController}.
 */
record WriteTarget(Kind kind, String aggregateId) {

	enum Kind {

		/** {@code POST /api/incidents}: 201, {@code Location}, {incidentId, version}. */
		DECLARE,

		/**
		 * {@code POST /api/incidents/{id}/impacts}: 201, {incidentId, impactId, version}.
		 */
		REPORT_IMPACT,

		/** Any other write to an incident: 200, {incidentId, version}. */
		INCIDENT,

		/** {@code PUT /api/contracts/{customerId}}: 200, {customerId, version}. */
		CONTRACT

	}

	private static final String INCIDENTS = "/api/incidents";

	private static final String CONTRACTS = "/api/contracts/";

	/**
	 * The target of a write, or {@code null} for a path whose outcome cannot be found in
	 * the event store. A declaration is given a new incident id here.
	 */
	static WriteTarget of(String method, String path) {
		if (method.equals("POST") && (path.equals(INCIDENTS) || path.equals(INCIDENTS + "/"))) {
			return new WriteTarget(Kind.DECLARE, IncidentIds.newIncidentId());
		}
		if (path.startsWith(INCIDENTS + "/")) {
			String[] segments = path.substring(INCIDENTS.length() + 1).split("/");
			boolean impact = method.equals("POST") && segments.length == 2 && segments[1].equals("impacts");
			return new WriteTarget(impact ? Kind.REPORT_IMPACT : Kind.INCIDENT, segments[0]);
		}
		if (method.equals("PUT") && path.startsWith(CONTRACTS) && path.indexOf('/', CONTRACTS.length()) < 0) {
			return new WriteTarget(Kind.CONTRACT, ContractIds.aggregateId(path.substring(CONTRACTS.length())));
		}
		return null;
	}

	/**
	 * The target of a request that holds a reservation: the aggregate the reservation
	 * recorded (for a declaration, the id assigned when the key was first reserved).
	 */
	static WriteTarget of(String method, String path, Reservation reservation) {
		WriteTarget target = of(method, path);
		return (target != null) ? new WriteTarget(target.kind(), reservation.aggregateId()) : null;
	}

	/**
	 * The answer the controller gave, from the events the request appended (at least one;
	 * its version is the last one's sequence).
	 */
	Answer answer(List<? extends DomainEventMessage<?>> appended, JsonMapper json) {
		long version = appended.get(appended.size() - 1).getSequenceNumber();
		Map<String, Object> body = new LinkedHashMap<>();
		switch (this.kind) {
			case DECLARE -> {
				body.put("incidentId", this.aggregateId);
				body.put("version", version);
				return new Answer(201, "application/json", INCIDENTS + "/" + this.aggregateId, json(json, body));
			}
			case REPORT_IMPACT -> {
				body.put("incidentId", this.aggregateId);
				body.put("impactId",
						appended.stream()
							.map(DomainEventMessage::getPayload)
							.filter(ImpactReported.class::isInstance)
							.map((payload) -> ((ImpactReported) payload).impactId())
							.findFirst()
							.orElse(null));
				body.put("version", version);
				return new Answer(201, "application/json", null, json(json, body));
			}
			case CONTRACT -> {
				body.put("customerId", ContractIds.customerId(this.aggregateId));
				body.put("version", version);
				return new Answer(200, "application/json", null, json(json, body));
			}
			default -> {
				body.put("incidentId", this.aggregateId);
				body.put("version", version);
				return new Answer(200, "application/json", null, json(json, body));
			}
		}
	}

	private static String json(JsonMapper json, Map<String, Object> body) {
		return json.writeValueAsString(body);
	}

}
