package com.nimbus.incidents.events;

/**
 * A registered event type: its wire name, payload class and current schema version.
 *
 * @param family the sealed interface it belongs to: {@link IncidentEvent} (on
 * {@code incident-events}) or {@link ContractEvent} (on {@code contract-events})
 */
public record EventType(String name, Class<?> payloadClass, int schemaVersion, Class<?> family) {

}
