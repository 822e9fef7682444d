package com.nimbus.incidents.events;

@SchemaVersion(1)
public record IncidentReopened(String reason) implements IncidentEvent {

}
