package com.nimbus.incidents.notifier.channel;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Slack-compatible incoming webhooks: a {@link SlackMessage} a person can read.
 */
public final class SlackSender implements ChannelSender {

	private final HttpDelivery http;

	private final ObjectMapper json = new ObjectMapper();

	public SlackSender(HttpDelivery http) {
		this.http = http;
	}

	@Override
	public ChannelKind channel() {
		return ChannelKind.SLACK;
	}

	@Override
	public CompletableFuture<DeliveryOutcome> send(OutgoingNotification notification, Destination destination) {
		byte[] body;
		try {
			body = this.json.writeValueAsBytes(SlackMessage.of(notification, this.json));
		}
		catch (JsonProcessingException | RuntimeException ex) {
			return CompletableFuture
				.completedFuture(Outcomes.rejected(0, "cannot write the message: " + HttpAttempt.describe(ex)));
		}
		return this.http.post(destination.target(), body, Map.of("Content-Type", "application/json; charset=utf-8"));
	}

}
