package com.nimbus.incidents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A status update for the incident's audience; {@code public} updates are what customers
 * see on the status page.
 * <p>
 * Version 2 added {@code publicTitle}: a public update may set or change the title the
 * status page shows (internal updates never carry one); version 1 payloads read as
 * leaving it unchanged.
 */
@SchemaVersion(2)
public record StatusUpdatePosted(UpdateStatus status, String message, @JsonProperty("public") boolean isPublic,
		String publicTitle) implements IncidentEvent {

	/**
	 * An update that leaves the public title as it is.
	 */
	public StatusUpdatePosted(UpdateStatus status, String message, boolean isPublic) {
		this(status, message, isPublic, null);
	}

}
