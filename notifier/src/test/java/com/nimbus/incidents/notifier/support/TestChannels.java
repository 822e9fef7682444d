package com.nimbus.incidents.notifier.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbus.incidents.notifier.channel.ChannelKind;
import com.nimbus.incidents.notifier.channel.ChannelSender;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;
import com.nimbus.incidents.notifier.channel.Destination;
import com.nimbus.incidents.notifier.channel.OutgoingNotification;
import com.nimbus.incidents.notifier.channel.TargetPolicy;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Until the channels of {@code notifier.channel} are merged: a minimal real webhook
 * sender (the JDK's asynchronous HTTP client, no redirects, a time limit; the envelope
 * plus {@code incident} as body, {@code Notification-Id}) and a target policy that takes
 * http and https URLs. Test sources only; the engine under test talks to a real HTTP
 * receiver through it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestChannels {

	@Bean
	ChannelSender testWebhookSender() {
		return new MinimalWebhook();
	}

	@Bean
	TargetPolicy testTargetPolicy() {
		return (channel, target) -> {
			if (channel == ChannelKind.EMAIL) {
				return target.contains("@") ? Optional.empty() : Optional.of("not an email address: " + target);
			}
			try {
				URI uri = URI.create(target);
				boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
				return (web && uri.getHost() != null) ? Optional.empty()
						: Optional.of("the target must be an http or https URL");
			}
			catch (IllegalArgumentException ex) {
				return Optional.of("the target is not a URL: " + ex.getMessage());
			}
		};
	}

	static final class MinimalWebhook implements ChannelSender {

		private final HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		private final ObjectMapper json = new ObjectMapper();

		@Override
		public ChannelKind channel() {
			return ChannelKind.WEBHOOK;
		}

		@Override
		public CompletableFuture<DeliveryOutcome> send(OutgoingNotification notification, Destination destination) {
			long started = System.nanoTime();
			ObjectNode body = notification.envelope().deepCopy();
			body.set("incident", this.json.valueToTree(notification.incident()));
			HttpRequest request;
			try {
				request = HttpRequest.newBuilder(URI.create(destination.target()))
					.timeout(Duration.ofSeconds(15))
					.header("Content-Type", "application/json")
					.header("Notification-Id", notification.notificationId())
					.POST(HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body)))
					.build();
			}
			catch (Exception ex) {
				return CompletableFuture.completedFuture(new DeliveryOutcome(Result.REJECTED, 0, 0, ex.toString()));
			}
			return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
				long millis = (System.nanoTime() - started) / 1_000_000;
				if (failure != null) {
					return new DeliveryOutcome(Result.RETRY, 0, millis, failure.toString());
				}
				int status = response.statusCode();
				Result result = (status >= 200 && status < 300) ? Result.DELIVERED : (status == 410) ? Result.GONE
						: (status >= 400 && status < 500 && status != 429) ? Result.REJECTED : Result.RETRY;
				return new DeliveryOutcome(result, status, millis,
						(result == Result.DELIVERED) ? null : "HTTP " + status);
			});
		}

	}

}
