package com.nimbus.incidents.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A status update for the incident's audience; {@code public} updates are what customers
 * see on the status page.
 */
@SchemaVersion(1)
public record StatusUpdatePosted(UpdateStatus status, String message,
		@JsonProperty("public") boolean isPublic) implements IncidentEvent {

}
