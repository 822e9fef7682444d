package com.nimbus.incidents.command.docs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Names every operation for the clients generated from the document: an operationId (the
 * generated method's name), a summary, a tag, and the success status the service really
 * answers (201 on creation, 202 when signals are queued) in place of springdoc's 200.
 * Kept in one table so the controllers stay about behaviour. An operation missing from
 * the table still gets a summary, made from its operationId, so a new endpoint never
 * leaves the document without one.
 */
class OperationNames implements OpenApiCustomizer {

	record Named(String operationId, String summary, String tag, String status) {

		Named(String operationId, String summary, String tag) {
			this(operationId, summary, tag, "200");
		}

	}

	static final String INCIDENTS = "Incidents";

	static final String SIGNALS = "Signals";

	static final String CONTRACTS = "Contracts";

	private static final String INCIDENT = "/api/incidents/{incidentId}";

	static final Map<String, Named> OPERATIONS = new LinkedHashMap<>();

	static {
		OPERATIONS.put("POST /api/incidents", new Named("declareIncident", "Declare an incident", INCIDENTS, "201"));
		OPERATIONS.put("POST " + INCIDENT + "/responders",
				new Named("assignResponder", "Assign a responder", INCIDENTS));
		OPERATIONS.put("DELETE " + INCIDENT + "/responders/{person}/{role}",
				new Named("releaseResponder", "Release a responder", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/actions", new Named("recordAction", "Record an action", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/severity", new Named("changeSeverity", "Change the severity", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/status-updates",
				new Named("postStatusUpdate", "Post a status update", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/impacts",
				new Named("reportImpact", "Report an impact window", INCIDENTS, "201"));
		OPERATIONS.put("POST " + INCIDENT + "/impacts/{impactId}/end",
				new Named("endImpact", "End an impact window", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/impacts/{impactId}/corrections",
				new Named("correctImpact", "Correct an impact window", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/resolve",
				new Named("resolveIncident", "Resolve the incident", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/reopen", new Named("reopenIncident", "Reopen the incident", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/notes", new Named("addNote", "Add a note", INCIDENTS));
		OPERATIONS.put("POST " + INCIDENT + "/postmortem",
				new Named("publishPostmortem", "Publish the postmortem", INCIDENTS));
		OPERATIONS.put("POST /api/signals",
				new Named("sendSignals", "Send signals from any monitoring source", SIGNALS, "202"));
		OPERATIONS.put("POST /api/signals/alertmanager",
				new Named("receiveAlertmanagerWebhook", "Receive Alertmanager's webhook", SIGNALS, "202"));
		OPERATIONS.put("GET /api/signals",
				new Named("listWaitingSignals", "List the signals waiting for triage", SIGNALS));
		OPERATIONS.put("GET /api/signals/routes",
				new Named("listSignalRoutes", "List the signal routes in force", SIGNALS));
		OPERATIONS.put("POST /api/signals/triage/{key}/attach",
				new Named("attachSignal", "Attach a waiting signal to an incident", SIGNALS));
		OPERATIONS.put("PUT /api/contracts/{customerId}",
				new Named("putContract", "Register or amend a customer's contract", CONTRACTS));
	}

	@Override
	public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
		openApi.addTagsItem(new Tag().name(INCIDENTS).description("Declare, run and close incidents"))
			.addTagsItem(new Tag().name(SIGNALS).description("Alerts in, routed to incidents or waiting for triage"))
			.addTagsItem(new Tag().name(CONTRACTS).description("Customers' contracts and SLA terms, for credits"));
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
			operation.setTags(new java.util.ArrayList<>(java.util.List.of(named.tag())));
			succeeds(operation, named.status(), method, path);
		}));
	}

	/**
	 * Moves springdoc's {@code 200} to the status the service answers; a created
	 * incident's answer says where it is.
	 */
	private static void succeeds(Operation operation, String status, PathItem.HttpMethod method, String path) {
		if ("200".equals(status) || operation.getResponses() == null) {
			return;
		}
		ApiResponse ok = operation.getResponses().remove("200");
		ApiResponse answer = (ok != null) ? ok : new ApiResponse();
		if ("201".equals(status)) {
			answer.description("Created; the body carries the version the read side will show");
			if (method == PathItem.HttpMethod.POST && path.equals("/api/incidents")) {
				answer.addHeaderObject("Location", new Header().description("The new incident, /api/incidents/{id}")
					.schema(new StringSchema().format("uri-reference")));
			}
		}
		else {
			answer.description("Accepted; how many signals were taken, placed and left for triage");
		}
		operation.getResponses().addApiResponse(status, answer);
	}

	/** {@code putCatalog} reads "Put catalog". */
	static String sentence(String operationId) {
		if (operationId == null || operationId.isBlank()) {
			return "Operation";
		}
		String words = operationId.replaceAll("_\\d+$", "").replaceAll("([a-z0-9])([A-Z])", "$1 $2");
		return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1).toLowerCase(Locale.ROOT);
	}

}
