package com.nimbus.incidents.query.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.TimelineMetrics;
import com.nimbus.incidents.query.incident.Responses.Entry;

/**
 * The reason-for-outage draft, in Markdown, built only from the incident's log: its
 * latest facts, its timeline in business-time order, and the latest postmortem published.
 * Sections not yet written say so.
 */
final class PostmortemDraft {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final String NOT_YET = "_Not written yet: publish the postmortem to fill this section._";

	private PostmortemDraft() {
	}

	static String render(IncidentState state, List<Entry> timeline, List<EventEnvelope> events) {
		PostmortemPublished postmortem = null;
		for (EventEnvelope event : events) {
			if (event.payload() instanceof PostmortemPublished published) {
				postmortem = published;
			}
		}
		TimelineMetrics metrics = TimelineMetrics.of(state);
		StringBuilder md = new StringBuilder();
		md.append("# Reason for outage: ").append(text(state.title())).append("\n\n");
		md.append("| | |\n|---|---|\n");
		md.append("| Incident | ").append(state.incidentId()).append(" |\n");
		md.append("| Severity | ").append(state.severity()).append(" |\n");
		md.append("| Status | ").append(state.status()).append(" |\n");
		md.append("| Services | ").append(String.join(", ", state.services())).append(" |\n");
		md.append("| Regions | ").append(String.join(", ", state.regions())).append(" |\n");
		md.append("| Declared | ").append(time(state.declaredAt())).append(" |\n");
		md.append("| Resolved | ")
			.append((state.resolvedAt() != null) ? time(state.resolvedAt()) : "not yet")
			.append(" |\n");
		state.firstImpactStart()
			.ifPresent((start) -> md.append("| Impact began | ").append(time(start)).append(" |\n"));
		if (metrics.timeToResolve() != null) {
			md.append("| Time to resolve | ").append(duration(metrics.timeToResolve())).append(" |\n");
		}
		md.append("\n## Summary\n\n").append(paragraph(state.summary()));
		if (state.resolution() != null) {
			md.append("\n\nResolution: ").append(text(state.resolution()));
		}
		md.append("\n\n## Detection\n\n");
		md.append("Detected ")
			.append(time(state.detectedAt()))
			.append(" (")
			.append(String.valueOf(state.detectionSource()).toLowerCase(Locale.ROOT).replace('_', ' '))
			.append(")");
		if (metrics.timeToDetect() != null) {
			md.append(", ").append(duration(metrics.timeToDetect())).append(" after the impact began");
		}
		md.append("; declared ").append(duration(metrics.timeToDeclare())).append(" later");
		if (metrics.timeToAcknowledge() != null) {
			md.append("; first public update ")
				.append(duration(metrics.timeToAcknowledge()))
				.append(" after the impact began");
		}
		md.append(".\n\n").append((postmortem != null) ? paragraph(postmortem.detection()) : NOT_YET).append("\n\n");
		md.append("## Impact\n\n");
		if (state.impacts().isEmpty()) {
			md.append("No impact was reported.\n\n");
		}
		else {
			md.append(
					"| Service | Region | Level | Error rate | From | To | Duration |\n|---|---|---|---|---|---|---|\n");
			for (ImpactWindow window : state.impacts()) {
				md.append("| ")
					.append(window.service())
					.append(" | ")
					.append(window.region())
					.append(" | ")
					.append(window.level())
					.append(" | ")
					.append((window.errorRate() != null)
							? window.errorRate().movePointRight(2).stripTrailingZeros().toPlainString() + "%" : "-")
					.append(" | ")
					.append(time(window.startedAt()))
					.append(window.corrected() ? " (corrected)" : "")
					.append(" | ")
					.append((window.endedAt() != null) ? time(window.endedAt()) : "ongoing")
					.append(" | ")
					.append((window.endedAt() != null)
							? duration(Duration.between(window.startedAt(), window.endedAt())) : "-")
					.append(" |\n");
			}
			md.append('\n');
			for (EventEnvelope event : events) {
				if (event.payload() instanceof ImpactReported reported && reported.estimatedAffectedUsers() != null) {
					md.append("Responders estimated ")
						.append(reported.estimatedAffectedUsers().low())
						.append(" to ")
						.append(reported.estimatedAffectedUsers().high())
						.append(" affected users of ")
						.append(reported.service())
						.append(" in ")
						.append(reported.region())
						.append(".\n");
				}
			}
			md.append('\n');
		}
		md.append("## Timeline\n\n");
		for (Entry entry : timeline) {
			md.append("- ").append(time(entry.occurredAt())).append(": ").append(text(entry.summary()));
			if (entry.late()) {
				md.append(" _(recorded ").append(time(entry.recordedAt())).append(")_");
			}
			md.append('\n');
		}
		md.append("\n## Root cause\n\n").append((postmortem != null) ? paragraph(postmortem.rootCause()) : NOT_YET);
		if (postmortem != null && postmortem.trigger() != null) {
			md.append("\n\nTrigger: ").append(text(postmortem.trigger()));
		}
		md.append("\n\n## Resolution\n\n")
			.append((postmortem != null) ? paragraph(postmortem.resolution()) : paragraph(state.resolution()));
		md.append("\n\n## Lessons\n\n");
		if (postmortem == null) {
			md.append(NOT_YET).append('\n');
		}
		else {
			postmortem.lessons().forEach((lesson) -> md.append("- ").append(text(lesson)).append('\n'));
		}
		md.append("\n## Action items\n\n");
		if (postmortem == null) {
			md.append(NOT_YET).append('\n');
		}
		else {
			md.append("| Action | Owner |\n|---|---|\n");
			for (ActionItem item : postmortem.actionItems()) {
				md.append("| ")
					.append(cell(item.description()))
					.append(" | ")
					.append(cell(item.owner()))
					.append(" |\n");
			}
		}
		md.append("\n---\nBuilt from the incident's event log at version ").append(state.version()).append(".\n");
		return md.toString();
	}

	private static String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "unknown";
	}

	static String duration(Duration duration) {
		long minutes = duration.toMinutes();
		if (minutes < 60) {
			return minutes + " min";
		}
		return (minutes / 60) + " h " + (minutes % 60) + " min";
	}

	private static String paragraph(String value) {
		return (value == null || value.isBlank()) ? "_None recorded._" : text(value);
	}

	/** Text from the log, so that it cannot open a heading or a table of its own. */
	private static String text(String value) {
		return (value == null) ? "" : value.replace("\r", "").replace("\n", " ").replace("<", "&lt;");
	}

	private static String cell(String value) {
		return text((value != null) ? value : "").replace("|", "\\|");
	}

}
