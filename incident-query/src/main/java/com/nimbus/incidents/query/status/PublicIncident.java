package com.nimbus.incidents.query.status;

import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;

/**
 * An active incident as anyone may see it on the status page, under one affected
 * component. It is built only from what responders published: the public title and the
 * public status updates. The incident's id, internal title, notes, actors and customers
 * are not fields here (nor in the document it is read from), so no serializer can leak
 * them; an incident that published nothing reads as {@link #INVESTIGATING}.
 *
 * @param title the published title, or {@link #INVESTIGATING} until one is published
 * @param level the highest level of the incident's open impact windows on this component
 * @param since when the earliest of those windows started
 * @param latestStatus the latest public update's ({@code null} before one)
 * @param updates every public update, oldest first
 */
record PublicIncident(String title, ImpactLevel level, Instant since, UpdateStatus latestStatus, String latestMessage,
		Instant latestUpdateAt, List<PublicUpdate> updates) {

	static final String INVESTIGATING = "We are investigating reports of degraded service";

	/**
	 * A public status update as shown: no sequence, no author.
	 */
	record PublicUpdate(UpdateStatus status, String message, Instant occurredAt) {

		static List<PublicUpdate> of(List<StatusPageUpdate> updates) {
			return updates.stream()
				.map((update) -> new PublicUpdate(update.status(), update.message(), update.occurredAt()))
				.toList();
		}

	}

	static String title(StatusPageIncident incident) {
		return (incident.publicTitle() != null) ? incident.publicTitle() : INVESTIGATING;
	}

	static PublicIncident of(StatusPageIncident incident, ImpactLevel level, Instant since) {
		List<PublicUpdate> updates = PublicUpdate.of(incident.updates());
		if (updates.isEmpty()) {
			return new PublicIncident(title(incident), level, since, null, null, null, updates);
		}
		PublicUpdate latest = updates.get(updates.size() - 1);
		return new PublicIncident(title(incident), level, since, latest.status(), latest.message(), latest.occurredAt(),
				updates);
	}

}
