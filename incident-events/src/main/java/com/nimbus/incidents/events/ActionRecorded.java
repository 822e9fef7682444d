package com.nimbus.incidents.events;

import java.util.List;

/**
 * Something a responder did.
 * <p>
 * Version 2 added {@code relatedImpactIds}, the impact windows the action was about;
 * version 1 payloads read as relating to none.
 */
@SchemaVersion(2)
public record ActionRecorded(ActionKind kind, String description,
		List<String> relatedImpactIds) implements IncidentEvent {

	public ActionRecorded {
		relatedImpactIds = (relatedImpactIds != null) ? List.copyOf(relatedImpactIds) : List.of();
	}

	public ActionRecorded(ActionKind kind, String description) {
		this(kind, description, List.of());
	}

}
