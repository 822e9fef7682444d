package com.nimbus.incidents.notifier.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a Slack incoming webhook, {@code {text, blocks}}: the headline as the
 * notification text; blocks with the headline, what people wrote with it, and a context
 * line linking the incident in the console. Every user-typed string is escaped for mrkdwn
 * ({@code &}, {@code <}, {@code >}), so no one can mention a channel or forge a link
 * through an incident title.
 */
final class SlackMessage {

	/** Slack refuses section texts longer than 3,000 characters. */
	static final int MAX_SECTION = 2900;

	private SlackMessage() {
	}

	static ObjectNode of(OutgoingNotification notification, ObjectMapper json) {
		NotificationText text = NotificationText.describe(notification);
		String link = link(notification.consoleUrl(), notification.incidentId());
		ObjectNode body = json.createObjectNode();
		body.put("text", escape(text.headline()) + ((link != null) ? " " + link : ""));
		ArrayNode blocks = body.putArray("blocks");
		section(blocks, "*" + cut(escape(text.headline())) + "*");
		if (!text.details().isEmpty()) {
			section(blocks, cut(escape(String.join("\n", text.details()))));
		}
		ObjectNode context = blocks.addObject().put("type", "context");
		StringBuilder line = new StringBuilder((link != null) ? link : escape(notification.incidentId()));
		IncidentSnapshot incident = notification.incident();
		if (incident != null && incident.status() != null) {
			line.append(" · status ").append(escape(incident.status()));
		}
		line.append(" · ").append(escape(notification.eventType())).append(" #").append(notification.sequence());
		context.putArray("elements").addObject().put("type", "mrkdwn").put("text", line.toString());
		return body;
	}

	/** Escapes text for Slack mrkdwn: the three characters Slack gives meaning to. */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/**
	 * Cuts escaped text to what Slack takes in a section, never inside an entity.
	 */
	static String cut(String escaped) {
		if (escaped.length() <= MAX_SECTION) {
			return escaped;
		}
		int end = MAX_SECTION;
		int amp = escaped.lastIndexOf('&', end - 1);
		if (amp >= 0 && amp > end - 5 && escaped.indexOf(';', amp) >= end) {
			end = amp;
		}
		return escaped.substring(0, end) + "…";
	}

	private static void section(ArrayNode blocks, String mrkdwn) {
		blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
	}

	private static String link(String url, String incidentId) {
		if (url == null || url.isBlank() || url.indexOf('|') >= 0) {
			return null;
		}
		return "<" + escape(url) + "|Open " + escape(incidentId) + " in the console>";
	}

}
