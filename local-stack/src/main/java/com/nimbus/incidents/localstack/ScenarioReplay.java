package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays a scenario file (as in {@code shared/scenarios}) through the HTTP API of a
 * running platform, step by step, the way responders would have recorded it. Used by
 * {@code ./platform demo} and by the end-to-end tests.
 */
public final class ScenarioReplay {

	/** The scenario that ships with the platform. */
	public static final String BUNDLED = "scenarios/us-east-1-2021-12-07.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String commandUrl;

	private final String bearerToken;

	/**
	 * @param incidents incident id per scenario {@code ref}
	 * @param versions the last version written per incident id
	 * @param contracts customer ids whose contracts were registered
	 */
	public record Result(Map<String, String> incidents, Map<String, Long> versions, Map<String, Long> contracts) {
	}

	/**
	 * @param bearerToken a token with the roles RESPONDER (incidents) and FINANCE
	 * (contracts); its subject is the actor of every event
	 */
	public ScenarioReplay(String commandUrl, String bearerToken) {
		this.commandUrl = commandUrl;
		this.bearerToken = bearerToken;
	}

	public static JsonNode bundled() {
		try (InputStream in = ScenarioReplay.class.getClassLoader().getResourceAsStream(BUNDLED)) {
			return JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static JsonNode read(java.nio.file.Path file) {
		return JSON.readTree(file.toFile());
	}

	/**
	 * Registers the scenario's contracts (when {@code withContracts}) and replays its
	 * incidents.
	 */
	public Result replay(JsonNode scenario, boolean withContracts) throws IOException, InterruptedException {
		Map<String, Long> contracts = new LinkedHashMap<>();
		if (withContracts && scenario.has("contracts")) {
			for (JsonNode contract : scenario.get("contracts")) {
				String customerId = contract.get("customerId").asString();
				JsonNode body = contract.deepCopy();
				((tools.jackson.databind.node.ObjectNode) body).remove("customerId");
				JsonNode accepted = send("PUT", "/api/contracts/" + customerId, body);
				contracts.put(customerId, accepted.get("version").asLong());
			}
		}
		Map<String, String> incidents = new LinkedHashMap<>();
		Map<String, Long> versions = new LinkedHashMap<>();
		for (JsonNode incident : scenario.get("incidents")) {
			String ref = incident.get("ref").asString();
			String incidentId = null;
			long version = -1;
			JsonNode commanderStep = firstCommanderStep(incident.get("steps"));
			for (JsonNode step : incident.get("steps")) {
				String op = step.get("op").asString();
				if (step == commanderStep) {
					continue;
				}
				if (op.equals("declare")) {
					JsonNode accepted = send("POST", "/api/incidents", declaration(step.get("body"), commanderStep));
					incidentId = accepted.get("incidentId").asString();
					version = accepted.get("version").asLong();
					continue;
				}
				if (incidentId == null) {
					throw new IllegalArgumentException("Incident " + ref + " has a step before its declaration: " + op);
				}
				version = step(incidentId, step);
			}
			incidents.put(ref, incidentId);
			versions.put(incidentId, version);
		}
		return new Result(incidents, versions, contracts);
	}

	/**
	 * The incident's first step making someone commander, when its declaration names no
	 * commander: a declaration makes its commander at once (the declarer unless it names
	 * someone), so the replay names that person in the declaration and skips the step.
	 * The events are the same ({@code IncidentDeclared} then {@code ResponderAssigned});
	 * the assignment is dated with the declaration.
	 */
	private static JsonNode firstCommanderStep(JsonNode steps) {
		for (JsonNode step : steps) {
			if (step.get("op").asString().equals("declare") && step.get("body").has("commander")) {
				return null;
			}
			if (step.get("op").asString().equals("responder")
					&& "COMMANDER".equals(step.get("body").get("role").asString())) {
				return step;
			}
		}
		return null;
	}

	private static JsonNode declaration(JsonNode body, JsonNode commanderStep) {
		if (commanderStep == null) {
			return body;
		}
		tools.jackson.databind.node.ObjectNode named = (tools.jackson.databind.node.ObjectNode) body.deepCopy();
		named.put("commander", commanderStep.get("body").get("person").asString());
		return named;
	}

	/**
	 * Replays steps (other than its declaration) of an incident already declared, such as
	 * the rest of a scenario's incident replayed in part before.
	 * @return the incident's version after the last
	 */
	public long replaySteps(String incidentId, Iterable<JsonNode> steps) throws IOException, InterruptedException {
		long version = -1;
		for (JsonNode step : steps) {
			version = step(incidentId, step);
		}
		return version;
	}

	private long step(String incidentId, JsonNode step) throws IOException, InterruptedException {
		String op = step.get("op").asString();
		String base = "/api/incidents/" + incidentId;
		String path = switch (op) {
			case "responder" -> base + "/responders";
			case "action" -> base + "/actions";
			case "severity" -> base + "/severity";
			case "status" -> base + "/status-updates";
			case "impact" -> base + "/impacts";
			case "end-impact" -> base + "/impacts/" + step.get("impactId").asString() + "/end";
			case "correct-impact" -> base + "/impacts/" + step.get("impactId").asString() + "/corrections";
			case "resolve" -> base + "/resolve";
			case "reopen" -> base + "/reopen";
			case "note" -> base + "/notes";
			case "postmortem" -> base + "/postmortem";
			default -> throw new IllegalArgumentException("Unknown scenario step '" + op + "'");
		};
		return send("POST", path, step.get("body")).get("version").asLong();
	}

	private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.commandUrl + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.bearerToken)
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(
					method + " " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

}
