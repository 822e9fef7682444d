package com.nimbus.incidents.events;

@SchemaVersion(1)
public record ResponderReleased(String person, ResponderRole role) implements IncidentEvent {

}
