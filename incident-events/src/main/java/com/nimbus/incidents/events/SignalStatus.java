package com.nimbus.incidents.events;

/**
 * The state a monitoring signal reports for its alert.
 */
public enum SignalStatus {

	FIRING, RESOLVED

}
