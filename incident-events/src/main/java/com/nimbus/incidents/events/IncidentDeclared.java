package com.nimbus.incidents.events;

import java.time.Instant;
import java.util.List;

/**
 * An incident was declared. The envelope's {@code occurredAt} is the declaration time.
 */
@SchemaVersion(1)
public record IncidentDeclared(String title, Severity severity, String summary, DetectionSource detectionSource,
		Instant detectedAt, List<String> services, List<String> regions) implements IncidentEvent {

	public IncidentDeclared {
		services = List.copyOf(services);
		regions = List.copyOf(regions);
	}

}
