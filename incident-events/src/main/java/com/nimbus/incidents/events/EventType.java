package com.nimbus.incidents.events;

/**
 * A registered event type: its wire name, payload class and current schema version.
 */
public record EventType(String name, Class<? extends IncidentEvent> payloadClass, int schemaVersion) {

}
