package com.nimbus.incidents.events;

@SchemaVersion(1)
public record ResponderAssigned(String person, ResponderRole role) implements IncidentEvent {

}
