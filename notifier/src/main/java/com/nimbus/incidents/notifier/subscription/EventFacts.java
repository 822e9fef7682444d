package com.nimbus.incidents.notifier.subscription;

import java.time.Instant;
import java.util.Set;

import com.nimbus.incidents.events.Severity;

/**
 * What a subscription's filter looks at: the event's type and times, and its incident as
 * the notifier knows it once the event is applied.
 *
 * @param incidentId the incident
 * @param type the event's wire name
 * @param recordedAt when the platform accepted the event
 * @param services every service the incident names (declared or with impact)
 * @param regions every region the incident names
 * @param severity the incident's severity; null when the incident is not known
 * @param publicChange a public status update or an impact change
 */
public record EventFacts(String incidentId, String type, Instant recordedAt, Set<String> services, Set<String> regions,
		Severity severity, boolean publicChange) {

}
