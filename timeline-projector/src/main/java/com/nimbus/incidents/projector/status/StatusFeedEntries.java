package com.nimbus.incidents.projector.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;

/**
 * The entries a poll adds to the public status feed, pure: the public status updates
 * among the events applied, and each impact event that changed what the status page shows
 * of its window ({@link StatusEntries#window}: service, region, level, times). What is
 * public is decided where the status page decides it ({@link StatusEntries}); an internal
 * update, a correction of the error rate alone, its reason, a note, an internal title
 * never reach the feed.
 * <p>
 * Each entry says what the page said just after its event (the incident is folded event
 * by event from its state before the poll), so an entry's content does not depend on how
 * the events were batched into polls: a replay writes the same entries.
 */
final class StatusFeedEntries {

	private StatusFeedEntries() {
	}

	static List<StatusFeedEntry> of(IncidentChange change) {
		List<StatusFeedEntry> entries = new ArrayList<>();
		if (change.before() == null) {
			// an incident known from its summary alone: no events to read entries from
			return entries;
		}
		IncidentState state = change.before();
		for (EventEnvelope event : change.applied()) {
			IncidentState next = IncidentFold.apply(state, event);
			entry(state, next, event).ifPresent(entries::add);
			state = next;
		}
		return entries;
	}

	private static Optional<StatusFeedEntry> entry(IncidentState before, IncidentState after, EventEnvelope event) {
		if (event.payload() instanceof StatusUpdatePosted posted) {
			return posted.isPublic()
					? Optional.of(entry(event, StatusFeedEntry.Kind.STATUS_UPDATE, after, posted, null))
					: Optional.empty();
		}
		String impactId;
		StatusFeedEntry.Kind kind;
		if (event.payload() instanceof ImpactReported reported) {
			impactId = reported.impactId();
			kind = StatusFeedEntry.Kind.IMPACT_REPORTED;
		}
		else if (event.payload() instanceof ImpactEnded ended) {
			impactId = ended.impactId();
			kind = StatusFeedEntry.Kind.IMPACT_ENDED;
		}
		else if (event.payload() instanceof ImpactCorrected corrected) {
			impactId = corrected.impactId();
			kind = StatusFeedEntry.Kind.IMPACT_CHANGED;
		}
		else {
			return Optional.empty();
		}
		Optional<StatusPageWindow> window = window(after, impactId);
		if (window.isEmpty() || window.equals(window(before, impactId))) {
			// nothing the page shows changed (an error rate, a repeat)
			return Optional.empty();
		}
		return Optional.of(entry(event, kind, after, null, window.get()));
	}

	private static StatusFeedEntry entry(EventEnvelope event, StatusFeedEntry.Kind kind, IncidentState after,
			StatusUpdatePosted posted, StatusPageWindow window) {
		return new StatusFeedEntry(event.eventId(), event.incidentId(), event.sequence(), kind, event.recordedAt(),
				event.occurredAt(), after.publicTitle(), (posted != null) ? posted.status() : null,
				(posted != null) ? posted.message() : null, window);
	}

	private static Optional<StatusPageWindow> window(IncidentState state, String impactId) {
		return state.impacts()
			.stream()
			.filter((window) -> Objects.equals(window.impactId(), impactId))
			.findFirst()
			.map(StatusEntries::window);
	}

}
