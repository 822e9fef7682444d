package com.nimbus.incidents.notifier.channel;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Notifications as the engine builds them: an envelope of events.md and the incident.
 */
final class TestNotifications {

	static final ObjectMapper JSON = new ObjectMapper();

	static final Instant RECORDED_AT = Instant.parse("2021-12-07T16:09:41.512Z");

	private TestNotifications() {
	}

	static OutgoingNotification of(String type, String payloadJson) {
		return of(type, payloadJson, new IncidentSnapshot("INC-7KQ2M4", "Checkout down", "SEV1", "INVESTIGATING", 4));
	}

	static OutgoingNotification of(String type, String payloadJson, IncidentSnapshot incident) {
		ObjectNode envelope = JSON.createObjectNode();
		envelope.put("eventId", "5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21");
		envelope.put("incidentId", incident.id());
		envelope.put("sequence", 3);
		envelope.put("type", type);
		envelope.put("schemaVersion", 1);
		envelope.put("occurredAt", "2021-12-07T16:02:00Z");
		envelope.put("recordedAt", RECORDED_AT.toString());
		envelope.put("actor", "alice@example.com");
		try {
			envelope.set("payload", JSON.readTree(payloadJson));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
		return new OutgoingNotification("5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21", incident.id(), 3, type,
				Instant.parse("2021-12-07T16:02:00Z"), RECORDED_AT, envelope, incident,
				"http://127.0.0.1:8080/incidents/" + incident.id());
	}

}
