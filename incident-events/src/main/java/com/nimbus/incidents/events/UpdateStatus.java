package com.nimbus.incidents.events;

/**
 * The phase a status update announces.
 */
public enum UpdateStatus {

	INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED

}
