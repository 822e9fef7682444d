package com.nimbus.incidents.events;

public enum ResponderRole {

	COMMANDER, COMMUNICATIONS, OPERATIONS, SCRIBE, SUBJECT_MATTER_EXPERT

}
