package com.nimbus.incidents.notifier.channel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.nimbus.incidents.notifier.channel.ChannelProperties.Smtp;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email through a real SMTP server (GreenMail, in the test's JVM, on a free port).
 */
class EmailSenderTest {

	@RegisterExtension
	static final GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	private static final IncidentSnapshot HOSTILE = new IncidentSnapshot("INC-7KQ2M4",
			"<script>alert('x')</script> & co", "SEV1", "RESOLVED", 9);

	@Test
	void sendsPlainTextAndEscapedHtmlWithTheNotificationIdAndASubjectNamingTheChange() throws Exception {
		try (EmailSender sender = new EmailSender(smtp(smtpServer.getSmtp().getPort(), Duration.ofSeconds(10)))) {
			OutgoingNotification notification = TestNotifications.of("IncidentResolved",
					"{\"summary\":\"Rolled back <b>the</b> push\"}", HOSTILE);

			DeliveryOutcome outcome = sender
				.send(notification, new Destination("sub-3", ChannelKind.EMAIL, "oncall@example.com", null))
				.get(15, TimeUnit.SECONDS);

			assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
			assertThat(outcome.statusCode()).isEqualTo(250);
			MimeMessage[] received = smtpServer.getReceivedMessages();
			assertThat(received).hasSize(1);
			MimeMessage message = received[0];
			assertThat(message.getSubject()).isEqualTo("[SEV1] <script>alert('x')</script> & co: resolved");
			assertThat(message.getFrom()[0].toString()).isEqualTo("notifier@nimbus.example");
			assertThat(message.getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
			assertThat(message.getMessageID()).isEqualTo("<5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21@notifier>");
			assertThat(message.getHeader("Notification-Id", null)).isEqualTo("5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21");
			assertThat(message.getContentType()).startsWith("multipart/alternative");

			Multipart parts = (Multipart) message.getContent();
			assertThat(parts.getCount()).isEqualTo(2);
			BodyPart plain = parts.getBodyPart(0);
			BodyPart html = parts.getBodyPart(1);
			assertThat(plain.getContentType()).startsWith("text/plain; charset=UTF-8");
			assertThat(html.getContentType()).startsWith("text/html; charset=UTF-8");
			assertThat(((String) plain.getContent()).replace("\r\n", "\n")).isEqualTo("""
					SEV1 incident '<script>alert('x')</script> & co' resolved

					Rolled back <b>the</b> push

					Incident INC-7KQ2M4 (status RESOLVED, version 9)
					Open in the console: http://127.0.0.1:8080/incidents/INC-7KQ2M4

					--\s
					Notification 5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21 (IncidentResolved #3)
					""");
			String page = (String) html.getContent();
			assertThat(page).doesNotContain("<script>").doesNotContain("<b>");
			assertThat(page).contains(
					"<p><strong>SEV1 incident &#39;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co&#39; resolved</strong></p>");
			assertThat(page).contains("<p>Rolled back &lt;b&gt;the&lt;/b&gt; push</p>");
			assertThat(page)
				.contains("<p><a href=\"http://127.0.0.1:8080/incidents/INC-7KQ2M4\">Open in the console</a></p>");
		}
	}

	@Test
	void noServerListeningIsRetried() throws Exception {
		int port;
		try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
			port = free.getLocalPort();
		}
		try (EmailSender sender = new EmailSender(smtp(port, Duration.ofSeconds(10)))) {
			DeliveryOutcome outcome = sender
				.send(TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}"),
						new Destination("sub-3", ChannelKind.EMAIL, "oncall@example.com", null))
				.get(15, TimeUnit.SECONDS);
			assertThat(outcome.result()).isEqualTo(Result.RETRY);
			assertThat(outcome.statusCode()).isZero();
			assertThat(outcome.error()).startsWith("SMTP MailConnectException: Couldn't connect to host");
		}
	}

	@Test
	void aServerThatNeverGreetsIsRetriedAtTheReadTimeout() throws Exception {
		try (RawReceiver silent = new RawReceiver((socket) -> Thread.sleep(60_000));
				EmailSender sender = new EmailSender(smtp(port(silent), Duration.ofSeconds(10)))) {
			long before = System.nanoTime();
			DeliveryOutcome outcome = sender
				.send(TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}"),
						new Destination("sub-3", ChannelKind.EMAIL, "oncall@example.com", null))
				.get(10, TimeUnit.SECONDS);
			long tookMillis = (System.nanoTime() - before) / 1_000_000;
			assertThat(outcome.result()).isEqualTo(Result.RETRY);
			assertThat(outcome.error()).isEqualTo(
					"SMTP MessagingException: Exception reading response (SocketTimeoutException: Read timed out)");
			assertThat(tookMillis).isBetween(900L, 3000L);
		}
	}

	@Test
	void aServerThatStallsLongerThanTheDeadlineIsRetriedByTheDeadlineWithoutBlockingTheCaller() throws Exception {
		try (RawReceiver silent = new RawReceiver((socket) -> Thread.sleep(60_000));
				EmailSender sender = new EmailSender(
						new Smtp("127.0.0.1", port(silent), "notifier@nimbus.example", null, null, false,
								Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofMillis(1500), 2, 100))) {
			OutgoingNotification notification = TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}");
			Destination destination = new Destination("sub-3", ChannelKind.EMAIL, "oncall@example.com", null);
			sender.send(notification, destination); // warms the JVM up; not measured
			long before = System.nanoTime();
			CompletableFuture<DeliveryOutcome> future = sender.send(notification, destination);
			long callMillis = (System.nanoTime() - before) / 1_000_000;
			assertThat(callMillis).as("send() returned after %d ms", callMillis).isLessThan(50);
			assertThat(future).isNotDone();

			DeliveryOutcome outcome = future.get(10, TimeUnit.SECONDS);
			long tookMillis = (System.nanoTime() - before) / 1_000_000;
			assertThat(outcome.result()).isEqualTo(Result.RETRY);
			assertThat(outcome.error()).isEqualTo("timed out after 1500 ms");
			assertThat(tookMillis).isBetween(1400L, 3000L);
		}
	}

	@Test
	void anAddressThatIsNotOneIsRejectedWithoutTalkingToTheServer() throws Exception {
		try (EmailSender sender = new EmailSender(smtp(smtpServer.getSmtp().getPort(), Duration.ofSeconds(10)))) {
			DeliveryOutcome outcome = sender
				.send(TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}"),
						new Destination("sub-3", ChannelKind.EMAIL, "a@example.com, b@example.com", null))
				.get(5, TimeUnit.SECONDS);
			assertThat(outcome.result()).isEqualTo(Result.REJECTED);
			assertThat(outcome.error()).isEqualTo("the target must be exactly one email address");
			assertThat(smtpServer.getReceivedMessages()).isEmpty();
		}
	}

	private static int port(RawReceiver receiver) {
		return java.net.URI.create(receiver.url()).getPort();
	}

	private static Smtp smtp(int port, Duration deadline) {
		return new Smtp("127.0.0.1", port, "notifier@nimbus.example", null, null, false, Duration.ofSeconds(1),
				Duration.ofSeconds(1), deadline, 2, 100);
	}

}
