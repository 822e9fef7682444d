package com.nimbus.incidents.events;

public enum ActionKind {

	INVESTIGATION, ROLLBACK, MITIGATION, FIX, COMMUNICATION, OTHER

}
