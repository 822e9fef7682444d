package com.nimbus.incidents.events;

@SchemaVersion(1)
public record NoteAdded(String text) implements IncidentEvent {

}
