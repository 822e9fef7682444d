package com.nimbus.incidents.projector.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;

/**
 * An incident's log built event by event, one minute apart from a start, with its fold
 * before and after each step: what a poll hands the status page projector.
 */
final class IncidentLog {

	private final String incidentId;

	private final Instant start;

	private final List<EventEnvelope> events = new ArrayList<>();

	IncidentLog(String incidentId, Instant start) {
		this.incidentId = incidentId;
		this.start = start;
	}

	/**
	 * Appends these events and returns the change they make, as one poll.
	 */
	IncidentChange poll(IncidentEvent... payloads) {
		IncidentState before = state();
		List<EventEnvelope> applied = new ArrayList<>();
		for (IncidentEvent payload : payloads) {
			Instant at = this.start.plusSeconds(60L * this.events.size());
			EventEnvelope event = EventEnvelope.of("e-" + this.events.size(), this.incidentId, this.events.size(), at,
					at.plusSeconds(1), "SECRET-actor@nimbus.example", payload);
			this.events.add(event);
			applied.add(event);
		}
		return new IncidentChange(before, state(), applied);
	}

	IncidentState state() {
		return IncidentFold.fold(this.incidentId, this.events);
	}

	List<EventEnvelope> events() {
		return List.copyOf(this.events);
	}

}
