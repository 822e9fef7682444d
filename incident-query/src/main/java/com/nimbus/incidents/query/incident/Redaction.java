package com.nimbus.incidents.query.incident;

import java.util.List;
import java.util.Set;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.query.incident.Responses.Impact;
import com.nimbus.incidents.query.incident.Responses.IncidentSummary;
import com.nimbus.incidents.query.incident.Responses.State;
import com.nimbus.incidents.support.security.ApiSecurity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who sees which customers were hit and how many users: CUSTOMER_SUCCESS, FINANCE and
 * ADMIN. Everyone else who reads an incident (VIEWER, RESPONDER) gets its summary, event
 * log, point-in-time state and postmortem draft without the affected customer ids and
 * without the user estimates ({@code null} in the impact windows, absent from the
 * {@code ImpactReported} payloads). Timeline summaries never name either (the projector's
 * {@code TimelineText} writes service, region, level, error rate and times only), so the
 * timeline needs no redaction.
 */
@Component
class Redaction {

	/** The roles that see affected customers and user estimates. */
	static final Set<String> SEE_CUSTOMERS = Set.of("CUSTOMER_SUCCESS", "FINANCE", "ADMIN");

	private static final String IMPACT_REPORTED = "ImpactReported";

	private final JsonMapper json;

	Redaction(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Whether the caller's answers lose the customers and user estimates.
	 */
	static boolean appliesTo(Authentication caller) {
		return ApiSecurity.roles(caller).stream().noneMatch(SEE_CUSTOMERS::contains);
	}

	IncidentSummary summary(IncidentSummary summary, Authentication caller) {
		if (!appliesTo(caller)) {
			return summary;
		}
		return new IncidentSummary(summary.incidentId(), summary.version(), summary.title(), summary.publicTitle(),
				summary.summary(), summary.severity(), summary.status(), summary.detectionSource(),
				summary.detectedAt(), summary.declaredAt(), summary.resolvedAt(), summary.resolution(),
				summary.services(), summary.regions(), summary.responders(), impacts(summary.openImpacts()),
				impacts(summary.closedImpacts()), summary.latestPublicUpdate(), summary.postmortemPublished(),
				summary.lastRecordedAt());
	}

	State state(State state, Authentication caller) {
		if (!appliesTo(caller)) {
			return state;
		}
		return new State(state.incidentId(), state.version(), state.asOf(), state.knownAt(), state.title(),
				state.status(), state.severity(), state.services(), state.regions(), state.declaredAt(),
				state.resolvedAt(), state.responders(), impacts(state.impacts()), state.actions(), state.notes(),
				state.latestPublicUpdate());
	}

	/**
	 * @param envelope an envelope's JSON exactly as published
	 * @return the same JSON, or for an {@code ImpactReported} the envelope without
	 * {@code payload.estimatedAffectedUsers} and {@code payload.affectedCustomerIds}
	 */
	String envelope(String envelope, Authentication caller) {
		if (!appliesTo(caller) || envelope == null || !envelope.contains(IMPACT_REPORTED)) {
			return envelope;
		}
		JsonNode tree = this.json.readTree(envelope);
		JsonNode type = tree.get("type");
		boolean impact = type != null && type.isString() && IMPACT_REPORTED.equals(type.asString());
		if (!impact || !(tree.get("payload") instanceof ObjectNode fields)) {
			return envelope;
		}
		fields.remove("estimatedAffectedUsers");
		fields.remove("affectedCustomerIds");
		return this.json.writeValueAsString(tree);
	}

	/**
	 * The decoded log with each {@code ImpactReported} stripped of its customers and user
	 * estimate, for what is built from it (the postmortem draft).
	 */
	List<EventEnvelope> events(List<EventEnvelope> events, Authentication caller) {
		if (!appliesTo(caller)) {
			return events;
		}
		return events.stream().map(Redaction::withoutCustomers).toList();
	}

	private static EventEnvelope withoutCustomers(EventEnvelope envelope) {
		if (!(envelope.payload() instanceof ImpactReported impact)) {
			return envelope;
		}
		return new EventEnvelope(envelope.eventId(), envelope.incidentId(), envelope.sequence(), envelope.type(),
				envelope.schemaVersion(), envelope.occurredAt(), envelope.recordedAt(), envelope.actor(),
				new ImpactReported(impact.impactId(), impact.service(), impact.region(), impact.level(),
						impact.errorRate(), impact.startedAt(), impact.endedAt(), null, null, impact.source(),
						impact.fingerprint()));
	}

	private static List<Impact> impacts(List<Impact> impacts) {
		return impacts.stream()
			.map((impact) -> new Impact(impact.impactId(), impact.service(), impact.region(), impact.level(),
					impact.errorRate(), impact.startedAt(), impact.endedAt(), impact.open(), impact.corrected(), null,
					null, impact.source()))
			.toList();
	}

}
