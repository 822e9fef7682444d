package com.nimbus.incidents.events;

import java.time.Instant;

@SchemaVersion(1)
public record ImpactEnded(String impactId, Instant endedAt) implements IncidentEvent {

}
