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
		Fold fold = new Fold(incidentId, asOf, knownAt);
		events.forEach(fold::accept);
		return fold.result();
	}

	/**
	 * The same fold one event at a time, so a long log can be read in chunks and each
	 * chunk let go once folded: it holds the state, the actions and the notes, never the
	 * events.
	 */
	public static final class Fold {

		private final Instant asOf;

		private final Instant knownAt;

		private IncidentState state;

		private final List<LoggedEntry> actions = new ArrayList<>();

		private final List<LoggedEntry> notes = new ArrayList<>();

		/**
		 * @param asOf business time, or {@code null} for "now"
		 * @param knownAt system time, or {@code null} for "now"
		 */
		public Fold(String incidentId, Instant asOf, Instant knownAt) {
			this.asOf = asOf;
			this.knownAt = knownAt;
			this.state = IncidentState.initial(incidentId);
		}

		/**
		 * Folds the next event of the log, in sequence order.
		 */
		public void accept(EventEnvelope event) {
			if (this.knownAt != null && event.recordedAt().isAfter(this.knownAt)) {
				return;
			}
			IncidentEvent payload = event.payload();
			boolean dated = !(payload instanceof ImpactReported || payload instanceof ImpactEnded
					|| payload instanceof ImpactCorrected);
			if (dated && this.asOf != null && event.occurredAt().isAfter(this.asOf)) {
				this.state = IncidentFold.skip(this.state, event);
				return;
			}
			this.state = IncidentFold.apply(this.state, event);
			if (payload instanceof ActionRecorded action) {
				this.actions.add(new LoggedEntry(event.sequence(), event.occurredAt(), event.recordedAt(),
						event.actor(), action.kind().name(), action.description()));
			}
			else if (payload instanceof NoteAdded note) {
				this.notes.add(new LoggedEntry(event.sequence(), event.occurredAt(), event.recordedAt(), event.actor(),
						"NOTE", note.text()));
			}
		}

		public PointInTimeState result() {
			List<LoggedEntry> sortedActions = new ArrayList<>(this.actions);
			List<LoggedEntry> sortedNotes = new ArrayList<>(this.notes);
			sortedActions.sort(BUSINESS_ORDER);
			sortedNotes.sort(BUSINESS_ORDER);
			return new PointInTimeState(this.asOf, this.knownAt, this.state, impactsAt(this.state.impacts(), this.asOf),
					sortedActions, sortedNotes);
		}

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
