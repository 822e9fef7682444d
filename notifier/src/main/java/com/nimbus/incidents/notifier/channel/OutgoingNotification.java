package com.nimbus.incidents.notifier.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event for one subscription. notificationId is the event id (stable across retries);
 * envelope is the event envelope of events.md exactly as on the topic; consoleUrl links
 * to the incident page in the console.
 */
public record OutgoingNotification(String notificationId, String incidentId, long sequence, String eventType,
		Instant occurredAt, Instant recordedAt, ObjectNode envelope, IncidentSnapshot incident, String consoleUrl) {
}
