package com.nimbus.incidents.notifier.intake;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the notifier keeps of an incident to match and describe its events, folded from
 * them by {@link ContextFold}.
 *
 * @param id the incident
 * @param title its title
 * @param severity SEV1..SEV4
 * @param status INVESTIGATING, IDENTIFIED, MONITORING (its latest status update) or
 * RESOLVED
 * @param services the services declared and those with reported impact
 * @param regions likewise
 * @param version the last sequence applied
 */
record IncidentContext(String id, String title, String severity, String status, Set<String> services,
		Set<String> regions, long version) {

	IncidentContext {
		services = Collections.unmodifiableSet(new LinkedHashSet<>(services));
		regions = Collections.unmodifiableSet(new LinkedHashSet<>(regions));
	}

	static IncidentContext unknown(String id) {
		return new IncidentContext(id, null, null, null, Set.of(), Set.of(), -1);
	}

}
