package com.nimbus.incidents.events;

/**
 * Who reported an impact window: a person, or monitoring through signals.
 */
public enum ImpactSource {

	RESPONDER, MONITOR

}
