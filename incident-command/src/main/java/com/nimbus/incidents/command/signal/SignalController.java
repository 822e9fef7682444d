package com.nimbus.incidents.command.signal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.command.incident.InvalidCommandInput;
import com.nimbus.incidents.command.signal.SignalIntake.Outcome;
import com.nimbus.incidents.command.signal.SignalPlacement.Attached;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signals in (signals.md): Alertmanager's webhook and any other source's signals, the
 * routes in force, the alerts waiting for triage, and attaching one to an incident.
 */
@RestController
@RequestMapping("/api/signals")
class SignalController {

	/** At most this many alerts waiting for triage are listed. */
	static final int TRIAGE_PAGE = 500;

	private final SignalIntake intake;

	private final SignalPlacement placement;

	private final SignalStore store;

	private final SignalRoutes routes;

	private final JsonMapper json;

	private final Clock clock;

	SignalController(SignalIntake intake, SignalPlacement placement, SignalStore store, SignalRoutes routes,
			JsonMapper json, Clock clock) {
		this.intake = intake;
		this.placement = placement;
		this.store = store;
		this.routes = routes;
		this.json = json;
		this.clock = clock;
	}

	@PostMapping("/alertmanager")
	ResponseEntity<Outcome> alertmanager(@RequestBody AlertmanagerWebhook body, @AuthenticationPrincipal Jwt caller) {
		return accepted(SignalReader.alertmanager(body, source(caller), this.clock.instant()));
	}

	@PostMapping
	ResponseEntity<Outcome> signals(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt caller) {
		List<SignalInput> inputs = new ArrayList<>();
		try {
			if (body.isArray()) {
				if (body.size() > SignalReader.MAX_SIGNALS) {
					throw new InvalidCommandInput("signals", "the body holds " + body.size() + " signals; at most "
							+ SignalReader.MAX_SIGNALS + " are taken in one body");
				}
				for (JsonNode item : body) {
					inputs.add(this.json.treeToValue(item, SignalInput.class));
				}
			}
			else if (body.isObject()) {
				inputs.add(this.json.treeToValue(body, SignalInput.class));
			}
			else {
				throw new InvalidCommandInput("body", "the body is a signal object or an array of them");
			}
		}
		catch (DatabindException ex) {
			String field = path(ex);
			throw new InvalidCommandInput(field, field + ": " + ex.getOriginalMessage());
		}
		catch (JacksonException ex) {
			throw new InvalidCommandInput("body", "The body is not valid: " + ex.getOriginalMessage());
		}
		return accepted(SignalReader.generic(inputs, source(caller), this.clock.instant()));
	}

	@GetMapping("/routes")
	Map<String, Object> routes() {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("flapWindow", this.routes.flapWindow().toString());
		answer.put("routes", this.routes.routes());
		return answer;
	}

	/**
	 * The alerts no route placed, oldest first ({@code placed=false}; placed alerts are
	 * in their incidents' timelines).
	 */
	@GetMapping
	Map<String, Object> waiting(@RequestParam(name = "placed") String placed) {
		if (!"false".equals(placed)) {
			throw new InvalidCommandInput("placed",
					"placed=false lists the signals waiting for triage; placed signals are in their incidents");
		}
		List<Signal> signals = this.store.triage(TRIAGE_PAGE + 1);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("signals", signals.subList(0, Math.min(TRIAGE_PAGE, signals.size())));
		answer.put("truncated", signals.size() > TRIAGE_PAGE);
		return answer;
	}

	/**
	 * Attaches an alert waiting for triage to an incident: it fires there (and resolves,
	 * if it has) as if it had been placed there. Like every write, the answer carries the
	 * incident's {@code version} after it, for a reader to wait for.
	 */
	@PostMapping("/triage/{key}/attach")
	ResponseEntity<Map<String, Object>> attach(@PathVariable String key, @RequestBody AttachRequest request,
			@AuthenticationPrincipal Jwt caller) {
		if (request.incidentId() == null || request.incidentId().isBlank()) {
			throw new InvalidCommandInput("incidentId", "incidentId names the incident to attach the signal to");
		}
		Attached attached = this.placement.attach(key, request.incidentId(), caller.getSubject());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("key", attached.state().key());
		answer.put("incidentId", attached.state().incidentId());
		answer.put("status", attached.state().status());
		answer.put("version", attached.version());
		return ResponseEntity.ok(answer);
	}

	record AttachRequest(String incidentId) {
	}

	private ResponseEntity<Outcome> accepted(List<Signal> signals) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.intake.accept(signals));
	}

	/**
	 * The monitoring source: the subject of its token.
	 */
	private static String source(Jwt caller) {
		if (caller == null || caller.getSubject() == null || caller.getSubject().isBlank()) {
			throw new InvalidCommandInput("Authorization", "the token names no subject");
		}
		return caller.getSubject();
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (var reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? path.toString() : "body";
	}

}
