package com.nimbus.incidents.events;

import java.time.Instant;

/**
 * One record on {@code incident-events}: the event and what the platform knows about it.
 *
 * @param eventId unique id of the event
 * @param incidentId the incident, also the record key
 * @param sequence per incident, gapless from 0, equal to the command side's aggregate
 * sequence number
 * @param type the stable wire name of the payload type
 * @param schemaVersion the payload's schema version
 * @param occurredAt business time: when it happened in the world
 * @param recordedAt system time: when the platform accepted it
 * @param actor the authenticated identity that issued the command
 * @param payload the event itself
 */
public record EventEnvelope(String eventId, String incidentId, long sequence, String type, int schemaVersion,
		Instant occurredAt, Instant recordedAt, String actor, IncidentEvent payload) {

	/**
	 * An envelope for the payload in its current schema, with type and version taken from
	 * the registry.
	 */
	public static EventEnvelope of(String eventId, String incidentId, long sequence, Instant occurredAt,
			Instant recordedAt, String actor, IncidentEvent payload) {
		EventType type = EventTypes.of(payload.getClass());
		return new EventEnvelope(eventId, incidentId, sequence, type.name(), type.schemaVersion(), occurredAt,
				recordedAt, actor, payload);
	}

}
