package com.nimbus.incidents.projector.parked;

import java.time.Instant;

/**
 * An event that arrived ahead of a gap in its aggregate's sequence, as stored while it
 * waits.
 *
 * @param aggregateId the incident or customer whose sequence has the gap
 * @param json the envelope exactly as delivered
 * @param parkedAt when it was first parked: how long its gap has been open, at least
 */
public record ParkedEvent(String aggregateId, long sequence, String json, Instant parkedAt) {

	public String id() {
		return ParkedEvents.id(this.aggregateId, this.sequence);
	}

}
