package com.nimbus.incidents.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Responders' pages: one incident with its live timeline and quick forms, its history at
 * any moment, and its reason-for-outage draft (the list is {@link IncidentListPages}).
 */
@Controller
class IncidentPages {

	private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

	private final Api api;

	private final SafeMarkdown markdown = new SafeMarkdown();

	IncidentPages(Api api) {
		this.api = api;
	}

	private static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static List<String> list(String value) {
		if (value == null) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::strip).filter((s) -> !s.isEmpty()).toList();
	}

	private static Map<String, Object> users(String low, String high) {
		if (Forms.text(low) == null && Forms.text(high) == null) {
			return null;
		}
		Map<String, Object> range = new LinkedHashMap<>();
		range.put("low", Forms.number(low));
		range.put("high", Forms.number(high));
		return range;
	}

	@GetMapping("/incidents/{id}")
	String incident(@PathVariable String id, Model model) {
		Answer summary = this.api.read("/api/incidents/" + q(id));
		if (!summary.ok()) {
			model.addAttribute("problem", summary.detail());
			model.addAttribute("status", summary.status());
			return "problem";
		}
		model.addAttribute("incident", summary.data());
		model.addAttribute("monitored", monitored(summary.body()));
		model.addAttribute("timeline", timelineOf(id));
		return "incident";
	}

	/**
	 * Whether any of the incident's windows is monitoring's (the page then says what that
	 * means).
	 */
	private static boolean monitored(JsonNode summary) {
		if (summary == null) {
			return false;
		}
		for (String windows : List.of("openImpacts", "closedImpacts")) {
			for (JsonNode window : summary.path(windows)) {
				if ("MONITOR".equals(window.path("source").asString(""))) {
					return true;
				}
			}
		}
		return false;
	}

	private Object timelineOf(String id) {
		Answer timeline = this.api.read("/api/incidents/" + q(id) + "/timeline");
		return timeline.ok() ? timeline.data() : null;
	}

	/**
	 * The timeline alone, for the page to refresh itself (htmx).
	 */
	@GetMapping("/incidents/{id}/timeline")
	String timeline(@PathVariable String id, Model model) {
		model.addAttribute("incident", Map.of("incidentId", id));
		model.addAttribute("timeline", timelineOf(id));
		return "incident :: timeline";
	}

	/**
	 * Every quick form of the incident page: one command each. On a problem the page
	 * comes back with the problem next to the fields it names and everything typed kept.
	 */
	@PostMapping("/incidents/{id}/do/{form}")
	String act(@PathVariable String id, @PathVariable String form, @RequestParam Map<String, String> fields,
			Model model, RedirectAttributes redirect) {
		String base = "/api/incidents/" + q(id);
		String impact = q(fields.getOrDefault("impactId", ""));
		Object occurredAt = Forms.time(fields.get("occurredAt"));
		Answer answer = switch (form) {
			case "action" ->
				this.api.write(HttpMethod.POST, base + "/actions", Forms.body("kind", Forms.text(fields.get("kind")),
						"description", Forms.text(fields.get("description")), "occurredAt", occurredAt));
			case "status" -> this.api.write(HttpMethod.POST, base + "/status-updates",
					Forms.body("status", Forms.text(fields.get("status")), "message", Forms.text(fields.get("message")),
							"public", "on".equals(fields.get("public")), "occurredAt", occurredAt));
			case "severity" -> this.api.write(HttpMethod.POST, base + "/severity",
					Forms.body("severity", Forms.text(fields.get("severity")), "reason",
							Forms.text(fields.get("reason")), "occurredAt", occurredAt));
			case "note" -> this.api.write(HttpMethod.POST, base + "/notes",
					Forms.body("text", Forms.text(fields.get("text")), "occurredAt", occurredAt));
			case "resolve" -> this.api.write(HttpMethod.POST, base + "/resolve",
					Forms.body("summary", Forms.text(fields.get("summary")), "occurredAt", occurredAt));
			case "responder" -> this.api.write(HttpMethod.POST, base + "/responders",
					Forms.body("person", Forms.text(fields.get("person")), "role", Forms.text(fields.get("role")),
							"occurredAt", occurredAt));
			case "impact" -> this.api.write(HttpMethod.POST, base + "/impacts",
					Forms.body("impactId", Forms.text(fields.get("impactId")), "service",
							Forms.text(fields.get("service")), "region", Forms.text(fields.get("region")), "level",
							Forms.text(fields.get("level")), "errorRate", Forms.number(fields.get("errorRate")),
							"startedAt", Forms.time(fields.get("startedAt")), "endedAt",
							Forms.time(fields.get("endedAt")), "estimatedAffectedUsers",
							users(fields.get("usersLow"), fields.get("usersHigh")), "affectedCustomerIds",
							list(fields.get("customers"))));
			case "end" -> this.api.write(HttpMethod.POST, base + "/impacts/" + impact + "/end",
					Forms.body("endedAt", Forms.time(fields.get("endedAt"))));
			case "correct" -> this.api.write(HttpMethod.POST, base + "/impacts/" + impact + "/corrections",
					Forms.body("startedAt", Forms.time(fields.get("startedAt")), "endedAt",
							Forms.time(fields.get("endedAt")), "level", Forms.text(fields.get("level")), "errorRate",
							Forms.number(fields.get("errorRate")), "reason", Forms.text(fields.get("reason"))));
			default -> null;
		};
		if (answer == null) {
			model.addAttribute("problem", "There is no form " + form);
			model.addAttribute("status", 404);
			return "problem";
		}
		if (answer.ok()) {
			long version = answer.body().get("version").asLong();
			this.api.awaitVersion(id, version, READ_YOUR_WRITES);
			redirect.addFlashAttribute("done", "Recorded (version " + version + ")");
			return "redirect:/incidents/" + id + "#timeline";
		}
		incident(id, model);
		model.addAttribute("failed", form);
		model.addAttribute("errors", answer.fieldErrors());
		model.addAttribute("problem", answer.detail());
		model.addAttribute("values", fields);
		return "incident";
	}

	@GetMapping("/incidents/{id}/history")
	String history(@PathVariable String id, @RequestParam(required = false) String asOf,
			@RequestParam(required = false) String knownAt, Model model) {
		StringBuilder query = new StringBuilder();
		Object asOfTime = Forms.time(asOf);
		Object knownAtTime = Forms.time(knownAt);
		if (asOfTime != null) {
			query.append("asOf=").append(q(asOfTime.toString()));
		}
		if (knownAtTime != null) {
			query.append(query.isEmpty() ? "" : "&").append("knownAt=").append(q(knownAtTime.toString()));
		}
		Answer state = this.api.read("/api/incidents/" + q(id) + "/state" + (query.isEmpty() ? "" : "?" + query));
		Answer summary = this.api.read("/api/incidents/" + q(id));
		model.addAttribute("incidentId", id);
		model.addAttribute("summary", summary.ok() ? summary.data() : null);
		model.addAttribute("state", state.ok() ? state.data() : null);
		model.addAttribute("problem", state.ok() ? null : state.detail());
		model.addAttribute("asOf", (asOf != null) ? asOf : "");
		model.addAttribute("knownAt", (knownAt != null) ? knownAt : "");
		return "history";
	}

	@GetMapping("/incidents/{id}/postmortem")
	String postmortem(@PathVariable String id, Model model) {
		Answer draft = this.api.readText("/api/incidents/" + q(id) + "/postmortem", MediaType.valueOf("text/markdown"));
		model.addAttribute("incidentId", id);
		if (!draft.ok()) {
			model.addAttribute("problem", draft.detail());
			model.addAttribute("status", draft.status());
			return "problem";
		}
		// rendered unescaped by the page: SafeMarkdown leaves no HTML of the draft's own
		// and no URL but http, https and mailto
		model.addAttribute("html", this.markdown.render(draft.text()));
		return "postmortem";
	}

	@GetMapping("/incidents/{id}/postmortem.md")
	ResponseEntity<String> postmortemMarkdown(@PathVariable String id) {
		Answer draft = this.api.readText("/api/incidents/" + q(id) + "/postmortem", MediaType.valueOf("text/markdown"));
		return ResponseEntity.status(draft.status())
			.contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9-]", "") + "-reason-for-outage.md\"")
			.body(draft.text());
	}

}
