package com.nimbus.incidents.events;

@SchemaVersion(1)
public record SeverityChanged(Severity from, Severity to, String reason) implements IncidentEvent {

}
