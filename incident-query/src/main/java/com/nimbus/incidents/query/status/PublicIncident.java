package com.nimbus.incidents.query.status;

import java.time.Instant;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.PublicUpdate;

/**
 * An active incident as anyone may see it on the status page, under one affected
 * component. It is built only from what responders published: the public title and the
 * latest public status update. The incident's id, internal title, notes, actors and
 * customers are not fields here, so no template or serializer can leak them; an incident
 * that published nothing reads as {@link #INVESTIGATING}.
 *
 * @param title the published title, or {@link #INVESTIGATING} until one is published
 * @param level the level of the open impact window on this component
 * @param since when that window started
 */
record PublicIncident(String title, ImpactLevel level, Instant since, UpdateStatus latestStatus, String latestMessage,
		Instant latestUpdateAt) {

	static final String INVESTIGATING = "We are investigating reports of degraded service";

	static PublicIncident of(IncidentState state, ImpactWindow window) {
		String title = (state.publicTitle() != null) ? state.publicTitle() : INVESTIGATING;
		PublicUpdate update = state.latestPublicUpdate();
		if (update == null) {
			return new PublicIncident(title, window.level(), window.startedAt(), null, null, null);
		}
		return new PublicIncident(title, window.level(), window.startedAt(), update.status(), update.message(),
				update.occurredAt());
	}

}
