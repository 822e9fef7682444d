package com.nimbus.incidents.readmodel.status;

import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.history.IncidentStatus;

/**
 * One incident in the status page document: only what the page may show, plus the
 * incident's id and version, which are the document's keys and never served.
 *
 * @param incidentId the incident; a key of the document, never shown on the page
 * @param version the incident's sequence this entry reflects; an entry only moves forward
 * @param publicTitle {@code null} until a title is published
 * @param windows the incident's impact windows, in the order they were reported
 * @param updates every public status update, in {@link StatusPageUpdate#ORDER}, each
 * sequence once
 */
public record StatusPageIncident(String incidentId, long version, IncidentStatus status, Instant declaredAt,
		Instant resolvedAt, String publicTitle, List<StatusPageWindow> windows, List<StatusPageUpdate> updates) {

	public StatusPageIncident {
		declaredAt = StatusPageDocument.millis(declaredAt);
		resolvedAt = StatusPageDocument.millis(resolvedAt);
		windows = List.copyOf(windows);
		updates = List.copyOf(updates);
	}

	/**
	 * Whether the page shows this incident at {@code now}: it has an impact window and is
	 * open, or was resolved within {@link StatusPageDocument#HISTORY} of {@code now}. The
	 * projector keeps exactly these in the document; the query service applies the same
	 * rule at render time, so an entry the projector has not pruned yet is not shown.
	 */
	public boolean shownAt(Instant now) {
		if (this.windows.isEmpty()) {
			return false;
		}
		if (this.status == IncidentStatus.OPEN) {
			return true;
		}
		return this.status == IncidentStatus.RESOLVED && this.resolvedAt != null
				&& !this.resolvedAt.isBefore(now.minus(StatusPageDocument.HISTORY));
	}

	public boolean open() {
		return this.status == IncidentStatus.OPEN;
	}

}
