package com.nimbus.incidents.notifier.intake;

import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pure fold of an incident's events into its {@link IncidentContext}. An event at or
 * below the context's version was applied already (a redelivery) and changes nothing.
 */
final class ContextFold {

	private ContextFold() {
	}

	static IncidentContext apply(IncidentContext context, IncomingEvent event) {
		if (event.sequence() <= context.version()) {
			return context;
		}
		String title = context.title();
		String severity = context.severity();
		String status = context.status();
		Set<String> services = new LinkedHashSet<>(context.services());
		Set<String> regions = new LinkedHashSet<>(context.regions());
		switch (event.type()) {
			case "IncidentDeclared" -> {
				title = event.payloadText("title");
				severity = event.payloadText("severity");
				status = "INVESTIGATING";
				addAll(services, event.payload().get("services"));
				addAll(regions, event.payload().get("regions"));
			}
			case "SeverityChanged" -> severity = event.payloadText("to");
			case "StatusUpdatePosted" -> status = event.payloadText("status");
			case "IncidentResolved" -> status = "RESOLVED";
			case "IncidentReopened" -> status = "INVESTIGATING";
			case "ImpactReported" -> {
				addText(services, event.payloadText("service"));
				addText(regions, event.payloadText("region"));
			}
			default -> {
			}
		}
		return new IncidentContext(context.id(), title, severity, status, services, regions, event.sequence());
	}

	private static void addAll(Set<String> into, JsonNode values) {
		if (values != null && values.isArray()) {
			values.forEach((value) -> addText(into, value.asText()));
		}
	}

	private static void addText(Set<String> into, String value) {
		if (value != null && !value.isBlank()) {
			into.add(value);
		}
	}

}
