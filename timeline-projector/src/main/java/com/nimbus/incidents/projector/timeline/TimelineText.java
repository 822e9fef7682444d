package com.nimbus.incidents.projector.timeline;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentReopened;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderReleased;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;
import com.nimbus.incidents.events.StatusUpdatePosted;

/**
 * The one-line summary a person reads on the timeline for each event.
 */
final class TimelineText {

	private TimelineText() {
	}

	static String describe(EventEnvelope envelope) {
		IncidentEvent event = envelope.payload();
		if (event instanceof IncidentDeclared declared) {
			return "Declared " + declared.severity() + ": " + declared.title();
		}
		if (event instanceof ResponderAssigned assigned) {
			return assigned.person() + " assigned as " + assigned.role();
		}
		if (event instanceof ResponderReleased released) {
			return released.person() + " released from " + released.role();
		}
		if (event instanceof ActionRecorded action) {
			return action.kind() + ": " + action.description();
		}
		if (event instanceof SeverityChanged changed) {
			return "Severity " + changed.from() + " -> " + changed.to() + ": " + changed.reason();
		}
		if (event instanceof StatusUpdatePosted update) {
			return (update.isPublic() ? "Public" : "Internal") + " status update (" + update.status() + "): "
					+ update.message();
		}
		if (event instanceof ImpactReported impact) {
			return "Impact " + impact.impactId() + " on " + impact.service() + " in " + impact.region() + ": "
					+ impact.level() + errorRate(impact.errorRate()) + " from " + impact.startedAt()
					+ ((impact.endedAt() != null) ? " to " + impact.endedAt() : "")
					+ ((impact.source() == ImpactSource.MONITOR) ? " (from monitoring)" : "");
		}
		if (event instanceof SignalReceived signal) {
			return "Signal " + ((signal.status() == SignalStatus.FIRING) ? "firing" : "resolved") + " from "
					+ signal.source() + " on " + signal.service() + " in " + signal.region()
					+ ((signal.level() != null) ? " (" + signal.level() + errorRate(signal.errorRate()) + ")" : "")
					+ ((signal.summary() != null) ? ": " + signal.summary() : "");
		}
		if (event instanceof ImpactEnded ended) {
			return "Impact " + ended.impactId() + " ended at " + ended.endedAt();
		}
		if (event instanceof ImpactCorrected correction) {
			return "Impact " + correction.impactId() + " corrected: " + corrections(correction) + " ("
					+ correction.reason() + ")";
		}
		if (event instanceof IncidentResolved resolved) {
			return "Resolved: " + resolved.summary();
		}
		if (event instanceof IncidentReopened reopened) {
			return "Reopened: " + reopened.reason();
		}
		if (event instanceof PostmortemPublished postmortem) {
			return "Postmortem published: " + postmortem.rootCause();
		}
		if (event instanceof NoteAdded note) {
			return "Note: " + note.text();
		}
		return envelope.type();
	}

	private static String errorRate(BigDecimal rate) {
		if (rate == null) {
			return "";
		}
		return ", error rate " + rate.movePointRight(2)
			.setScale(Math.max(0, rate.scale() - 2), RoundingMode.UNNECESSARY)
			.stripTrailingZeros()
			.toPlainString() + "%";
	}

	private static String corrections(ImpactCorrected correction) {
		List<String> changes = new ArrayList<>();
		if (correction.reopens()) {
			changes.add("reopened");
		}
		if (correction.startedAt() != null) {
			changes.add("startedAt " + correction.startedAt());
		}
		if (correction.endedAt() != null) {
			changes.add("endedAt " + correction.endedAt());
		}
		if (correction.level() != null) {
			changes.add("level " + correction.level());
		}
		if (correction.errorRate() != null) {
			changes.add("error rate" + errorRate(correction.errorRate()).substring(", error rate".length()));
		}
		return String.join(", ", changes);
	}

}
