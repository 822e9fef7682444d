package com.nimbus.incidents.projector.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;

/**
 * The public parts of an incident, from its fold and the events applied, pure: what its
 * entry in the status page document holds, and whether a poll changed any of it. An
 * internal title, summary, note, actor, responder, error rate or customer is never read
 * here, so it cannot reach the document.
 */
public final class StatusEntries {

	private StatusEntries() {
	}

	/**
	 * The incident's entry, without its updates (those are kept by the document).
	 */
	static StatusPageIncident entry(IncidentState state) {
		List<StatusPageWindow> windows = new ArrayList<>(state.impacts().size());
		for (ImpactWindow window : state.impacts()) {
			windows.add(window(window));
		}
		return new StatusPageIncident(state.incidentId(), state.version(), state.status(), state.declaredAt(),
				state.resolvedAt(), state.publicTitle(), windows, List.of());
	}

	/**
	 * An impact window as the page may show it: where, how bad, when.
	 */
	static StatusPageWindow window(ImpactWindow window) {
		return new StatusPageWindow(window.service(), window.region(), window.level(), window.startedAt(),
				window.endedAt());
	}

	/**
	 * The public status updates among these events.
	 */
	public static List<StatusPageUpdate> publicUpdates(List<EventEnvelope> events) {
		List<StatusPageUpdate> updates = new ArrayList<>();
		for (EventEnvelope event : events) {
			if (event.payload() instanceof StatusUpdatePosted posted && posted.isPublic()) {
				updates
					.add(new StatusPageUpdate(posted.status(), posted.message(), event.occurredAt(), event.sequence()));
			}
		}
		return updates;
	}

	/**
	 * The change to the document, if the poll changed anything the page shows at
	 * {@code now}: nothing for an incident the page shows neither before nor after, nor
	 * for one whose public parts stayed as they were (a note, a responder, a severity).
	 */
	static Optional<StatusChange> change(IncidentChange change, Instant now) {
		StatusPageIncident after = entry(change.after());
		boolean shown = after.shownAt(now);
		boolean wasShown = change.before() != null && entry(change.before()).shownAt(now);
		if (!shown && !wasShown) {
			return Optional.empty();
		}
		List<StatusPageUpdate> applied = publicUpdates(change.applied());
		if (shown && wasShown && applied.isEmpty() && samePublicParts(entry(change.before()), after)) {
			return Optional.empty();
		}
		IncidentState known = (change.before() != null) ? change.before() : change.after();
		long earlierUpTo = (known.latestPublicUpdate() != null) ? known.version() : -1;
		return Optional.of(new StatusChange(after, applied, earlierUpTo));
	}

	private static boolean samePublicParts(StatusPageIncident before, StatusPageIncident after) {
		return before.status() == after.status() && Objects.equals(before.declaredAt(), after.declaredAt())
				&& Objects.equals(before.resolvedAt(), after.resolvedAt())
				&& Objects.equals(before.publicTitle(), after.publicTitle())
				&& before.windows().equals(after.windows());
	}

}
