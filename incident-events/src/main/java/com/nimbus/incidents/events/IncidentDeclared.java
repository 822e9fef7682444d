package com.nimbus.incidents.events;

import java.time.Instant;
import java.util.List;

/**
 * An incident was declared. The envelope's {@code occurredAt} is the declaration time.
 * <p>
 * Version 2 added {@code publicTitle}, the only title the public status page may show
 * (the internal {@code title} often names customers or systems); version 1 payloads read
 * as having none, so the page shows its generic text until something is published.
 */
@SchemaVersion(2)
public record IncidentDeclared(String title, Severity severity, String summary, DetectionSource detectionSource,
		Instant detectedAt, List<String> services, List<String> regions, String publicTitle) implements IncidentEvent {

	public IncidentDeclared {
		services = List.copyOf(services);
		regions = List.copyOf(regions);
	}

	/**
	 * A declaration with nothing public yet.
	 */
	public IncidentDeclared(String title, Severity severity, String summary, DetectionSource detectionSource,
			Instant detectedAt, List<String> services, List<String> regions) {
		this(title, severity, summary, detectionSource, detectedAt, services, regions, null);
	}

}
