package com.nimbus.incidents.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;

/**
 * Builds an incident's log for tests: each event gets the next sequence and the times
 * given.
 */
final class IncidentLog {

	static final String INCIDENT = "INC-TEST000001";

	private final List<EventEnvelope> events = new ArrayList<>();

	IncidentLog add(String occurredAt, String recordedAt, IncidentEvent event) {
		this.events.add(EventEnvelope.of("event-" + this.events.size(), INCIDENT, this.events.size(),
				Instant.parse(occurredAt), Instant.parse(recordedAt), "dana@nimbus.example", event));
		return this;
	}

	List<EventEnvelope> events() {
		return List.copyOf(this.events);
	}

	IncidentState fold() {
		return IncidentFold.fold(INCIDENT, this.events);
	}

}
