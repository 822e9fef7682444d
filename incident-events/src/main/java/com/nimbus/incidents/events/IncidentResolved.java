package com.nimbus.incidents.events;

@SchemaVersion(1)
public record IncidentResolved(String summary) implements IncidentEvent {

}
