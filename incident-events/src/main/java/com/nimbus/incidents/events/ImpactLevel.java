package com.nimbus.incidents.events;

public enum ImpactLevel {

	DEGRADED_PERFORMANCE, PARTIAL_OUTAGE, MAJOR_OUTAGE

}
