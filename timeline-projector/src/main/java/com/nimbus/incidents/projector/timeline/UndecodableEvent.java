package com.nimbus.incidents.projector.timeline;

/**
 * A record on the topic that is not an event this projector can read.
 */
public class UndecodableEvent extends RuntimeException {

	public UndecodableEvent(String reason) {
		super(reason);
	}

}
