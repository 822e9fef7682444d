package com.nimbus.incidents.events;

/**
 * A range estimate of affected users, {@code low <= high}.
 */
public record AffectedUsers(long low, long high) {

}
