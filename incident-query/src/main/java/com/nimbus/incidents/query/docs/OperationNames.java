package com.nimbus.incidents.query.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Names every operation for the clients generated from the document: an operationId (the
 * generated method's name), a summary and a tag; the public ones (the status page and its
 * feed, which the security configuration opens) need no token. Kept in one table so the
 * controllers stay about behaviour. An operation missing from the table still gets a
 * summary, made from its operationId, so a new endpoint never leaves the document without
 * one. Runs after the status page's own customizer, which adds those paths.
 */
class OperationNames implements OpenApiCustomizer {

	record Named(String operationId, String summary, String tag, boolean open) {

		Named(String operationId, String summary, String tag) {
			this(operationId, summary, tag, false);
		}

	}

	static final String INCIDENTS = "Incidents";

	static final String IMPACT = "Impact";

	static final String CREDITS = "SLA credits";

	static final String STATUS = "Status page";

	private static final String INCIDENT = "/api/incidents/{incidentId}";

	static final Map<String, Named> OPERATIONS = new LinkedHashMap<>();

	static {
		OPERATIONS.put("GET /api/incidents", new Named("listIncidents", "List incidents, newest first", INCIDENTS));
		OPERATIONS.put("GET " + INCIDENT, new Named("getIncident", "Read an incident's summary", INCIDENTS));
		OPERATIONS.put("GET " + INCIDENT + "/timeline",
				new Named("getTimeline", "Read an incident's timeline with its metrics", INCIDENTS));
		OPERATIONS.put("GET " + INCIDENT + "/events",
				new Named("getEventLog", "Read an incident's raw event log", INCIDENTS));
		OPERATIONS.put("GET " + INCIDENT + "/state",
				new Named("getStateAt", "Read an incident's state at a point in time", INCIDENTS));
		OPERATIONS.put("GET " + INCIDENT + "/postmortem",
				new Named("getPostmortemDraft", "Read the reason-for-outage draft, in Markdown", INCIDENTS));
		OPERATIONS.put("GET " + INCIDENT + "/impact",
				new Named("getIncidentImpact", "Read an incident's impact on customers", IMPACT));
		OPERATIONS.put("GET /api/customers/{customerId}/incidents",
				new Named("listCustomerIncidents", "List the incidents that touched a customer", IMPACT));
		OPERATIONS.put("GET /api/sla/credits",
				new Named("getCreditReport", "Read the SLA credits of a month, as JSON or CSV", CREDITS));
		OPERATIONS.put("GET /api/status", new Named("getStatusPage",
				"Read the public status page: components, active incidents, history and uptime", STATUS, true));
		OPERATIONS.put("GET /api/status/feed.atom",
				new Named("getStatusFeed", "Read the Atom feed of public status changes", STATUS, true));
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.addTagsItem(new Tag().name(INCIDENTS).description("Incidents as responders and viewers read them"))
			.addTagsItem(new Tag().name(IMPACT).description("Who an incident touched, for customer success"))
			.addTagsItem(new Tag().name(CREDITS).description("SLA credits owed, for finance"))
			.addTagsItem(new Tag().name(STATUS).description("The public status page and its feed, without sign-in"));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			Named named = OPERATIONS.get(method + " " + path);
			if (named == null) {
				if (operation.getSummary() == null || operation.getSummary().isBlank()) {
					operation.setSummary(sentence(operation.getOperationId()));
				}
				return;
			}
			operation.operationId(named.operationId()).summary(named.summary());
			operation.setTags(new ArrayList<>(List.of(named.tag())));
			if (named.open()) {
				operation.setSecurity(new ArrayList<>());
			}
		}));
	}

	/** {@code getCatalog} reads "Get catalog". */
	static String sentence(String operationId) {
		if (operationId == null || operationId.isBlank()) {
			return "Operation";
		}
		String words = operationId.replaceAll("_\\d+$", "").replaceAll("([a-z0-9])([A-Z])", "$1 $2");
		return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1).toLowerCase(Locale.ROOT);
	}

}
