package com.nimbus.incidents.notifier.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;
import com.nimbus.incidents.notifier.channel.HttpReceiver.Answer;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSenderTest {

	private static final String SECRET = "whsec_3f9c1e";

	private static final Instant NOW = Instant.ofEpochSecond(Instant.now().getEpochSecond());

	private final HttpDelivery http = new HttpDelivery(new UrlTargetPolicy(true), Duration.ofSeconds(2),
			Duration.ofSeconds(5), 8192);

	private final WebhookSender sender = new WebhookSender(this.http, Clock.fixed(NOW, ZoneOffset.UTC));

	@AfterEach
	void close() {
		this.http.close();
	}

	@Test
	void postsTheEnvelopePlusTheIncidentSignedOverTheBytesSent() throws Exception {
		try (HttpReceiver receiver = new HttpReceiver(
				(request) -> NotificationSignature.verify(SECRET, request.headers().getFirst("Notification-Signature"),
						request.body(), Instant.now(), Duration.ofMinutes(5)) ? Answer.of(204, "")
								: Answer.of(401, "bad signature"))) {
			OutgoingNotification notification = TestNotifications.of("StatusUpdatePosted",
					"{\"status\":\"IDENTIFIED\",\"message\":\"We found it\",\"public\":true}");

			DeliveryOutcome outcome = send(notification, receiver.url("/hooks/ops"), SECRET);

			assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
			assertThat(outcome.statusCode()).isEqualTo(204);
			assertThat(outcome.error()).isNull();
			HttpReceiver.Received request = receiver.received().get(0);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/hooks/ops");
			assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
			assertThat(request.headers().getFirst("Notification-Id")).isEqualTo("5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21");
			assertThat(request.headers().getFirst("Notification-Timestamp"))
				.isEqualTo(Long.toString(NOW.getEpochSecond()));
			assertThat(request.headers().getFirst("Notification-Signature"))
				.isEqualTo(NotificationSignature.sign(SECRET, NOW.getEpochSecond(), request.body()));
			JsonNode body = TestNotifications.JSON.readTree(request.body());
			ObjectNode expected = notification.envelope().deepCopy();
			expected.set("incident", TestNotifications.JSON.readTree(
					"{\"id\":\"INC-7KQ2M4\",\"title\":\"Checkout down\",\"severity\":\"SEV1\",\"status\":\"INVESTIGATING\",\"version\":4}"));
			assertThat(body).isEqualTo(expected);
		}
	}

	@Test
	void aReceiverThatChecksWithAnotherSecretRefusesIt() throws Exception {
		try (HttpReceiver receiver = new HttpReceiver((request) -> NotificationSignature.verify("another",
				request.headers().getFirst("Notification-Signature"), request.body(), Instant.now(),
				Duration.ofMinutes(5)) ? Answer.of(204, "") : Answer.of(401, "bad signature"))) {
			DeliveryOutcome outcome = send(TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}"), receiver.url("/"),
					SECRET);
			assertThat(outcome.result()).isEqualTo(Result.REJECTED);
			assertThat(outcome.statusCode()).isEqualTo(401);
			assertThat(outcome.error()).isEqualTo("HTTP 401: bad signature");
		}
	}

	@Test
	void gone410ServerError500NotFound404AndTooMany429() throws Exception {
		try (HttpReceiver receiver = new HttpReceiver((request) -> switch (request.path()) {
			case "/gone" -> Answer.of(410, "unsubscribed");
			case "/broken" -> Answer.of(500, "boom\n  trace");
			case "/busy" -> Answer.of(429, "");
			default -> Answer.of(404, "no such hook");
		})) {
			OutgoingNotification notification = TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}");
			assertThat(send(notification, receiver.url("/gone"), SECRET))
				.satisfies((o) -> assertThat(o.result()).isEqualTo(Result.GONE))
				.satisfies((o) -> assertThat(o.statusCode()).isEqualTo(410))
				.satisfies((o) -> assertThat(o.error()).isEqualTo("HTTP 410: unsubscribed"));
			assertThat(send(notification, receiver.url("/broken"), SECRET))
				.satisfies((o) -> assertThat(o.result()).isEqualTo(Result.RETRY))
				.satisfies((o) -> assertThat(o.statusCode()).isEqualTo(500))
				.satisfies((o) -> assertThat(o.error()).isEqualTo("HTTP 500: boom trace"));
			assertThat(send(notification, receiver.url("/busy"), SECRET))
				.satisfies((o) -> assertThat(o.result()).isEqualTo(Result.RETRY))
				.satisfies((o) -> assertThat(o.statusCode()).isEqualTo(429));
			assertThat(send(notification, receiver.url("/missing"), SECRET))
				.satisfies((o) -> assertThat(o.result()).isEqualTo(Result.REJECTED))
				.satisfies((o) -> assertThat(o.statusCode()).isEqualTo(404))
				.satisfies((o) -> assertThat(o.error()).isEqualTo("HTTP 404: no such hook"));
		}
	}

	@Test
	void inProductionATargetThatNowResolvesToALocalAddressIsRefusedAtSendTime() throws Exception {
		try (HttpDelivery production = new HttpDelivery(new UrlTargetPolicy(false), Duration.ofSeconds(2),
				Duration.ofSeconds(5), 8192);
				HttpReceiver receiver = new HttpReceiver((request) -> Answer.of(200, ""))) {
			WebhookSender guarded = new WebhookSender(production, Clock.systemUTC());
			DeliveryOutcome outcome = guarded
				.send(TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}"),
						new Destination("sub-1", ChannelKind.WEBHOOK, "https://localhost:" + receiver.port() + "/hook",
								SECRET))
				.get(10, TimeUnit.SECONDS);
			assertThat(outcome.result()).isEqualTo(Result.REJECTED);
			assertThat(outcome.error()).startsWith("target resolves to a local address (");
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void aReceiverThatIsNotThereIsRetried() throws Exception {
		int port;
		try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
			port = free.getLocalPort();
		}
		DeliveryOutcome outcome = send(TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}"),
				"http://127.0.0.1:" + port + "/hook", SECRET);
		assertThat(outcome.result()).isEqualTo(Result.RETRY);
		assertThat(outcome.statusCode()).isZero();
		assertThat(outcome.error()).isEqualTo("connection refused");
	}

	private DeliveryOutcome send(OutgoingNotification notification, String target, String secret) throws Exception {
		return this.sender.send(notification, new Destination("sub-1", ChannelKind.WEBHOOK, target, secret))
			.get(10, TimeUnit.SECONDS);
	}

}
