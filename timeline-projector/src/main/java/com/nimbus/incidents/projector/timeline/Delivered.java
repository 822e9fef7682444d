package com.nimbus.incidents.projector.timeline;

import com.nimbus.incidents.events.EventEnvelope;

/**
 * An event as delivered: decoded, and as the bytes said it, for the event log view.
 */
public record Delivered(EventEnvelope envelope, String json) {

	public long sequence() {
		return this.envelope.sequence();
	}

}
