package com.nimbus.incidents.events;

@SchemaVersion(1)
public record ActionRecorded(ActionKind kind, String description) implements IncidentEvent {

}
