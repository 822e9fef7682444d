package com.nimbus.incidents.notifier.subscription;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import com.nimbus.incidents.events.Severity;

/**
 * Which events a subscription wants. Every field is optional (empty or null); all that
 * are given must match.
 *
 * @param services the incident names at least one of these services
 * @param regions the incident names at least one of these regions
 * @param minSeverity the incident is at least this severe (SEV1 is the most severe)
 * @param types the event is of one of these types
 * @param incidentId the event is of this incident
 * @param publicOnly only public status updates and impact changes
 */
public record Filter(Set<String> services, Set<String> regions, Severity minSeverity, Set<String> types,
		String incidentId, boolean publicOnly) {

	public Filter {
		services = frozen(services);
		regions = frozen(regions);
		types = frozen(types);
	}

	/** A filter that lets every event through. */
	public static Filter everything() {
		return new Filter(Set.of(), Set.of(), null, Set.of(), null, false);
	}

	public boolean matches(EventFacts event) {
		if (this.incidentId != null && !this.incidentId.equals(event.incidentId())) {
			return false;
		}
		if (!this.types.isEmpty() && !this.types.contains(event.type())) {
			return false;
		}
		if (this.publicOnly && !event.publicChange()) {
			return false;
		}
		if (this.minSeverity != null
				&& (event.severity() == null || event.severity().ordinal() > this.minSeverity.ordinal())) {
			return false;
		}
		if (!this.services.isEmpty() && Collections.disjoint(this.services, event.services())) {
			return false;
		}
		return this.regions.isEmpty() || !Collections.disjoint(this.regions, event.regions());
	}

	private static Set<String> frozen(Collection<String> values) {
		return (values == null) ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(values));
	}

}
