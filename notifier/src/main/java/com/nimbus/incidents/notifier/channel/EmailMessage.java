package com.nimbus.incidents.notifier.channel;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * One notification as an email: subject naming the incident and what changed
 * ({@code [SEV1] Checkout down: resolved}), plain text plus HTML
 * ({@code multipart/alternative}; the HTML escapes every user-typed string), and the
 * notification id as {@code Message-ID} and {@code Notification-Id}, so a retried
 * delivery is recognisably the same message.
 */
final class EmailMessage {

	static final String NOTIFICATION_ID_HEADER = "Notification-Id";

	private EmailMessage() {
	}

	static MimeMessage compose(Session session, OutgoingNotification notification, InternetAddress from,
			InternetAddress to) throws MessagingException {
		NotificationText text = NotificationText.describe(notification);
		String messageId = "<" + notification.notificationId().replaceAll("[^A-Za-z0-9.\\-]", "") + "@notifier>";
		MimeMessage message = new MimeMessage(session) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}
		};
		message.setFrom(from);
		message.setRecipient(MimeMessage.RecipientType.TO, to);
		message.setSubject(subject(notification, text), StandardCharsets.UTF_8.name());
		message.setSentDate(
				Date.from(notification.recordedAt() != null ? notification.recordedAt() : java.time.Instant.now()));
		message.setHeader(NOTIFICATION_ID_HEADER, oneLine(notification.notificationId()));
		MimeBodyPart plain = new MimeBodyPart();
		plain.setText(plainText(notification, text), StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(html(notification, text), StandardCharsets.UTF_8.name(), "html");
		message.setContent(new MimeMultipart("alternative", plain, html));
		message.saveChanges();
		return message;
	}

	static String subject(OutgoingNotification notification, NotificationText text) {
		IncidentSnapshot incident = notification.incident();
		String severity = (incident != null && incident.severity() != null) ? "[" + incident.severity() + "] " : "";
		String name = (incident != null && incident.title() != null && !incident.title().isBlank()) ? incident.title()
				: notification.incidentId();
		return oneLine(severity + name + ": " + text.change());
	}

	static String plainText(OutgoingNotification notification, NotificationText text) {
		StringBuilder body = new StringBuilder(text.headline()).append("\n\n");
		for (String detail : text.details()) {
			body.append(detail).append("\n\n");
		}
		body.append(incidentLine(notification)).append('\n');
		if (notification.consoleUrl() != null) {
			body.append("Open in the console: ").append(notification.consoleUrl()).append('\n');
		}
		body.append("\n-- \nNotification ")
			.append(notification.notificationId())
			.append(" (")
			.append(notification.eventType())
			.append(" #")
			.append(notification.sequence())
			.append(")\n");
		return body.toString();
	}

	static String html(OutgoingNotification notification, NotificationText text) {
		StringBuilder body = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
		body.append("<p><strong>").append(escape(text.headline())).append("</strong></p>\n");
		for (String detail : text.details()) {
			body.append("<p>").append(escape(detail).replace("\n", "<br>")).append("</p>\n");
		}
		body.append("<p>").append(escape(incidentLine(notification))).append("</p>\n");
		if (notification.consoleUrl() != null) {
			body.append("<p><a href=\"")
				.append(escape(notification.consoleUrl()))
				.append("\">Open in the console</a></p>\n");
		}
		body.append("<p style=\"color:#666;font-size:smaller\">Notification ")
			.append(escape(notification.notificationId()))
			.append(" (")
			.append(escape(notification.eventType()))
			.append(" #")
			.append(notification.sequence())
			.append(")</p>\n</body></html>\n");
		return body.toString();
	}

	/** Escapes text for HTML element content and quoted attribute values. */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static String incidentLine(OutgoingNotification notification) {
		IncidentSnapshot incident = notification.incident();
		StringBuilder line = new StringBuilder("Incident ").append(notification.incidentId());
		if (incident != null && incident.status() != null) {
			line.append(" (status ")
				.append(incident.status())
				.append(", version ")
				.append(incident.version())
				.append(')');
		}
		return line.toString();
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n\\t]+", " ").strip();
	}

}
