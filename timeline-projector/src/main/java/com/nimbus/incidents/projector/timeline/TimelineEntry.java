package com.nimbus.incidents.projector.timeline;

import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.events.EventEnvelope;

/**
 * One line of an incident's timeline, and the event it came from.
 *
 * @param envelope the event, decoded (and upcast to its current schema)
 * @param summary the line a person reads
 * @param json the envelope exactly as it was published, for the raw event log
 */
public record TimelineEntry(EventEnvelope envelope, String summary, String json) {

	/**
	 * The document id: incident and zero-padded sequence, so that an incident's entries
	 * are found by exact id and never by scanning.
	 */
	public String id() {
		return id(this.envelope.incidentId(), this.envelope.sequence());
	}

	public static String id(String incidentId, long sequence) {
		return ReadModelKeys.entryId(incidentId, sequence);
	}

}
