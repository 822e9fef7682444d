package com.nimbus.incidents.events;

public enum SlaMeasurement {

	/** Downtime is the union of the windows that count as down. */
	AVAILABILITY,

	/** Request-based: the time-integral of the error rate. */
	ERROR_RATE

}
