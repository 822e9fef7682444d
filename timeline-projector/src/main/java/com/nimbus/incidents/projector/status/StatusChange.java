package com.nimbus.incidents.projector.status;

import java.util.List;

import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;

/**
 * A change to one incident's entry in the status page document.
 *
 * @param entry the incident's entry as its state now says, without its updates
 * @param applied the public status updates among the events just applied
 * @param earlierUpTo the last sequence at or below which public updates were posted
 * before {@code applied}; {@code -1} when there were none. An entry that is not in the
 * document yet gets those from the timeline ({@link PublicUpdateHistory}).
 */
record StatusChange(StatusPageIncident entry, List<StatusPageUpdate> applied, long earlierUpTo) {

	StatusChange {
		applied = List.copyOf(applied);
	}

	String incidentId() {
		return this.entry.incidentId();
	}

}
