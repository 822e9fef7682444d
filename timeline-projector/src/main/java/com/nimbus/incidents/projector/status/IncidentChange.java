package com.nimbus.incidents.projector.status;

import java.util.List;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.history.IncidentState;

/**
 * What one poll did to one incident: its state before and after, and the events applied
 * in between, in sequence order.
 *
 * @param before the state before the poll; {@code null} when unknown (an incident taken
 * from its stored summary alone), so that every public update up to {@code after} may lie
 * outside {@code applied}
 */
public record IncidentChange(IncidentState before, IncidentState after, List<EventEnvelope> applied) {

	public IncidentChange {
		applied = List.copyOf(applied);
	}

	/**
	 * An incident known only by its folded state.
	 */
	public static IncidentChange whole(IncidentState state) {
		return new IncidentChange(null, state, List.of());
	}

}
