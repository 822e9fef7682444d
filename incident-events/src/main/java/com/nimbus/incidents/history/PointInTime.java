package com.nimbus.incidents.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.NoteAdded;

/**
 * Point-in-time history: "what was true at T, as we knew it at T2", by folding the events
 * recorded at or before T2.
 * <ul>
 * <li>Dated facts (severity, status, responders, actions, notes, status updates) count
 * when their {@code occurredAt} is at or before T.</li>
 * <li>Impact windows carry their latest known (corrected) times whatever the correction's
 * date; a window is listed when it had started by T and open when it had not ended by
 * T.</li>
 * </ul>
 */
public final class PointInTime {

	private static final Comparator<LoggedEntry> BUSINESS_ORDER = Comparator.comparing(LoggedEntry::occurredAt)
		.thenComparingLong(LoggedEntry::sequence);

	private PointInTime() {
	}

	/**
	 * @param events the incident's whole log in sequence order
	 * @param asOf business time, or {@code null} for "now"
	 * @param knownAt system time, or {@code null} for "now"
	 */
	public static PointInTimeState at(String incidentId, List<EventEnvelope> events, Instant asOf, Instant knownAt) {
		IncidentState state = IncidentState.initial(incidentId);
		List<LoggedEntry> actions = new ArrayList<>();
		List<LoggedEntry> notes = new ArrayList<>();
		for (EventEnvelope event : events) {
			if (knownAt != null && event.recordedAt().isAfter(knownAt)) {
				continue;
			}
			IncidentEvent payload = event.payload();
			boolean dated = !(payload instanceof ImpactReported || payload instanceof ImpactEnded
					|| payload instanceof ImpactCorrected);
			if (dated && asOf != null && event.occurredAt().isAfter(asOf)) {
				state = IncidentFold.skip(state, event);
				continue;
			}
			state = IncidentFold.apply(state, event);
			if (payload instanceof ActionRecorded action) {
				actions.add(new LoggedEntry(event.sequence(), event.occurredAt(), event.recordedAt(), event.actor(),
						action.kind().name(), action.description()));
			}
			else if (payload instanceof NoteAdded note) {
				notes.add(new LoggedEntry(event.sequence(), event.occurredAt(), event.recordedAt(), event.actor(),
						"NOTE", note.text()));
			}
		}
		actions.sort(BUSINESS_ORDER);
		notes.sort(BUSINESS_ORDER);
		return new PointInTimeState(asOf, knownAt, state, impactsAt(state.impacts(), asOf), actions, notes);
	}

	private static List<ImpactWindow> impactsAt(List<ImpactWindow> known, Instant asOf) {
		if (asOf == null) {
			return known;
		}
		List<ImpactWindow> started = new ArrayList<>();
		for (ImpactWindow window : known) {
			if (window.startedAt().isAfter(asOf)) {
				continue;
			}
			boolean endedByThen = window.endedAt() != null && !window.endedAt().isAfter(asOf);
			started.add(endedByThen ? window : window.endedAt(null));
		}
		return started;
	}

}
