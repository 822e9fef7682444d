package com.nimbus.incidents.history;

/**
 * The lifecycle state of an incident. {@code NOT_DECLARED} appears only in point-in-time
 * views before the declaration.
 */
public enum IncidentStatus {

	NOT_DECLARED, OPEN, RESOLVED

}
