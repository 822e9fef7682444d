package com.nimbus.incidents.notifier.channel;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Signed webhooks: the event envelope as it is on the topic plus {@code incident}, with
 * {@code Notification-Id}, {@code Notification-Timestamp} and
 * {@code Notification-Signature} over the exact bytes sent.
 */
public final class WebhookSender implements ChannelSender {

	private final HttpDelivery http;

	private final Clock clock;

	private final ObjectMapper json = new ObjectMapper();

	public WebhookSender(HttpDelivery http, Clock clock) {
		this.http = http;
		this.clock = clock;
	}

	@Override
	public ChannelKind channel() {
		return ChannelKind.WEBHOOK;
	}

	@Override
	public CompletableFuture<DeliveryOutcome> send(OutgoingNotification notification, Destination destination) {
		byte[] body;
		try {
			body = this.json.writeValueAsBytes(body(notification));
		}
		catch (JsonProcessingException | RuntimeException ex) {
			return CompletableFuture
				.completedFuture(Outcomes.rejected(0, "cannot write the body: " + HttpAttempt.describe(ex)));
		}
		if (destination.secret() == null || destination.secret().isEmpty()) {
			return CompletableFuture.completedFuture(Outcomes.rejected(0, "the subscription has no secret"));
		}
		long timestamp = this.clock.instant().getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("Notification-Id", notification.notificationId());
		headers.put("Notification-Timestamp", Long.toString(timestamp));
		headers.put("Notification-Signature", NotificationSignature.sign(destination.secret(), timestamp, body));
		return this.http.post(destination.target(), body, headers);
	}

	ObjectNode body(OutgoingNotification notification) {
		ObjectNode body = notification.envelope().deepCopy();
		IncidentSnapshot incident = notification.incident();
		ObjectNode described = body.putObject("incident");
		described.put("id", (incident != null) ? incident.id() : notification.incidentId());
		if (incident != null) {
			described.put("title", incident.title());
			described.put("severity", incident.severity());
			described.put("status", incident.status());
			described.put("version", incident.version());
		}
		return body;
	}

}
