package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;

import com.nimbus.incidents.notifier.channel.IncidentSnapshot;

/**
 * An event some subscription wants, stored once however many subscriptions want it.
 *
 * @param eventId the event id: the notification id
 * @param incidentId its incident
 * @param sequence its sequence in the incident
 * @param type its wire name
 * @param occurredAt business time
 * @param recordedAt system time
 * @param envelope the envelope exactly as on the topic (JSON)
 * @param incident the incident as it was once this event was applied
 */
public record StoredEvent(String eventId, String incidentId, long sequence, String type, Instant occurredAt,
		Instant recordedAt, String envelope, IncidentSnapshot incident) {

}
