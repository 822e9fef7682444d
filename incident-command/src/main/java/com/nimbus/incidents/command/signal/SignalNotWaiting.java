package com.nimbus.incidents.command.signal;

import com.nimbus.incidents.command.signal.SignalStore.AlertState;

/**
 * An attach for an alert that is not waiting for triage: unknown (404) or placed already
 * (409).
 */
class SignalNotWaiting extends RuntimeException {

	private final transient AlertState state;

	SignalNotWaiting(String key, AlertState state) {
		super((state == null) ? "No signal " + key + " is known"
				: "Signal " + key + " is placed in " + state.incidentId() + " already");
		this.state = state;
	}

	boolean known() {
		return this.state != null;
	}

}
