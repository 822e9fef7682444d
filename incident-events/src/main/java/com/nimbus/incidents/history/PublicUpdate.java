package com.nimbus.incidents.history;

import java.time.Instant;

import com.nimbus.incidents.events.UpdateStatus;

/**
 * The latest public status update of an incident.
 */
public record PublicUpdate(UpdateStatus status, String message, Instant occurredAt, long sequence) {

}
