package com.nimbus.incidents.projector.timeline;

import java.util.Collections;
import java.util.List;

import com.nimbus.incidents.history.IncidentState;

/**
 * What the projector keeps per incident: the folded state, whose {@code version} is the
 * last sequence applied, and the events that arrived ahead of a gap, waiting for it.
 *
 * @param parked events with a sequence above {@code version + 1}, in sequence order
 */
public record ProjectedIncident(IncidentState state, List<Delivered> parked) {

	public ProjectedIncident {
		parked = Collections.unmodifiableList(List.copyOf(parked));
	}

	public static ProjectedIncident initial(String incidentId) {
		return new ProjectedIncident(IncidentState.initial(incidentId), List.of());
	}

	public long version() {
		return this.state.version();
	}

}
