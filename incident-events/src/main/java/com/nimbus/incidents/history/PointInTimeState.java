package com.nimbus.incidents.history;

import java.time.Instant;
import java.util.List;

/**
 * What was true at {@code asOf}, as known at {@code knownAt}.
 *
 * @param state the incident folded from the events recorded by {@code knownAt}, leaving
 * out the non-impact facts dated after {@code asOf}
 * @param impacts the impact windows that had started by {@code asOf}, with their latest
 * known times; a window that had not ended by {@code asOf} shows no end
 * @param actions the actions dated at or before {@code asOf}, in business-time order
 * @param notes the notes dated at or before {@code asOf}, in business-time order
 */
public record PointInTimeState(Instant asOf, Instant knownAt, IncidentState state, List<ImpactWindow> impacts,
		List<LoggedEntry> actions, List<LoggedEntry> notes) {

	public PointInTimeState {
		impacts = List.copyOf(impacts);
		actions = List.copyOf(actions);
		notes = List.copyOf(notes);
	}

}
