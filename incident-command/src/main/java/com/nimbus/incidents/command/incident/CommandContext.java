package com.nimbus.incidents.command.incident;

import java.time.Instant;

/**
 * What every command carries besides its own fields.
 *
 * @param occurredAt business time the client gave, or the time of acceptance
 * @param recordedAt when the platform accepted the command
 * @param actor who issued it
 */
public record CommandContext(Instant occurredAt, Instant recordedAt, String actor) {

}
