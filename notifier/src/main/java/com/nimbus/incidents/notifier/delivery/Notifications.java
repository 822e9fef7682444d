package com.nimbus.incidents.notifier.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbus.incidents.notifier.channel.IncidentSnapshot;
import com.nimbus.incidents.notifier.channel.OutgoingNotification;

/**
 * Builds what a channel sends: the envelope exactly as it was on the topic (parsed anew
 * for every send, so a channel may change its copy), the incident as it was once the
 * event was applied, and the console's link to the incident.
 */
final class Notifications {

	static final String TEST_TYPE = "NotificationTest";

	/** Decimals kept as written (an error rate of 0.40 stays 0.40). */
	private final ObjectMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
		.build();

	private final String consoleUrl;

	Notifications(String consoleUrl) {
		this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl.substring(0, consoleUrl.length() - 1) : consoleUrl;
	}

	OutgoingNotification of(StoredEvent event) {
		return new OutgoingNotification(event.eventId(), event.incidentId(), event.sequence(), event.type(),
				event.occurredAt(), event.recordedAt(), envelope(event.envelope()), event.incident(),
				link(event.incidentId()));
	}

	/**
	 * A synthetic notification to try a subscription's channel: its own id, type
	 * {@code NotificationTest}, an incident {@code TEST}.
	 */
	OutgoingNotification test(Instant now) {
		String eventId = "test-" + UUID.randomUUID();
		ObjectNode envelope = this.json.createObjectNode()
			.put("eventId", eventId)
			.put("incidentId", "TEST")
			.put("sequence", 0)
			.put("type", TEST_TYPE)
			.put("schemaVersion", 1)
			.put("occurredAt", now.toString())
			.put("recordedAt", now.toString())
			.put("actor", "notifier");
		envelope.putObject("payload").put("message", "A test notification: this subscription works");
		return new OutgoingNotification(eventId, "TEST", 0, TEST_TYPE, now, now, envelope,
				new IncidentSnapshot("TEST", "Test notification", "SEV4", "INVESTIGATING", 0), link("TEST"));
	}

	private String link(String incidentId) {
		return this.consoleUrl + "/incidents/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8);
	}

	private ObjectNode envelope(String text) {
		try {
			return (ObjectNode) this.json.readTree(text);
		}
		catch (JsonProcessingException | ClassCastException ex) {
			throw new IllegalStateException("A stored envelope is not a JSON object: " + ex.getMessage(), ex);
		}
	}

}
