package com.nimbus.incidents.console.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * One incident: its page (composer on top for responders, responders, metrics, impact,
 * the live timeline, the rarer forms), the timeline alone for the page to refresh, the
 * incident at a moment, and its reason for outage with the postmortem form. An incident
 * the API does not know is a 404 page.
 */
@Controller
class IncidentPage {

	private final Api api;

	private final Clock clock;

	private final SafeMarkdown markdown = new SafeMarkdown();

	IncidentPage(Api api, Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	static String seg(String value) {
		return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
	}

	@GetMapping("/incidents/{id}")
	String incident(@PathVariable String id, Model model, HttpServletResponse response) {
		Answer summary = this.api.read("/api/incidents/" + seg(id));
		if (!summary.ok()) {
			return problem(summary, model, response);
		}
		model.addAttribute("incident", summary.data());
		model.addAttribute("monitored", monitored(summary.body()));
		model.addAttribute("timeline", timelineOf(id));
		if (PageModel.Allowed.of(this.api.roles()).respond()) {
			model.addAttribute("choices", ImpactChoices.read(this.api, summary.body()));
		}
		return "incident";
	}

	/**
	 * The API's refusal as the page's own status: 404 for an unknown incident, 403 for a
	 * role that may not read it.
	 */
	static String problem(Answer answer, Model model, HttpServletResponse response) {
		model.addAttribute("problem", answer.detail());
		model.addAttribute("status", answer.status());
		response.setStatus((answer.status() >= 400) ? answer.status() : HttpServletResponse.SC_BAD_GATEWAY);
		return "problem";
	}

	/**
	 * Whether any of the incident's windows is monitoring's (the page then says what that
	 * means).
	 */
	private static boolean monitored(JsonNode summary) {
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
		Answer timeline = this.api.read("/api/incidents/" + seg(id) + "/timeline");
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
	 * The incident as it was at a moment ({@code asOf}), as known at another
	 * ({@code knownAt}), each a date and a 24-hour UTC time.
	 */
	@GetMapping("/incidents/{id}/history")
	String history(@PathVariable String id, @RequestParam(required = false) String asOfDate,
			@RequestParam(required = false) String asOfTime, @RequestParam(required = false) String knownAtDate,
			@RequestParam(required = false) String knownAtTime, Model model, HttpServletResponse response) {
		Answer summary = this.api.read("/api/incidents/" + seg(id));
		if (!summary.ok()) {
			return problem(summary, model, response);
		}
		UtcInput asOf = UtcInput.of(asOfDate, asOfTime, this.clock);
		UtcInput knownAt = UtcInput.of(knownAtDate, knownAtTime, this.clock);
		model.addAttribute("incidentId", id);
		model.addAttribute("summary", summary.data());
		model.addAttribute("values", Map.of("asOfDate", text(asOfDate), "asOfTime", text(asOfTime), "knownAtDate",
				text(knownAtDate), "knownAtTime", text(knownAtTime)));
		Map<String, String> errors = new LinkedHashMap<>();
		if (asOf.error() != null) {
			errors.put("asOf", asOf.error());
		}
		if (knownAt.error() != null) {
			errors.put("knownAt", knownAt.error());
		}
		model.addAttribute("errors", errors);
		if (!errors.isEmpty()) {
			model.addAttribute("problem", "Nothing to show: " + String.join("; ", errors.values()));
			return "history";
		}
		StringBuilder query = new StringBuilder();
		if (asOf.instant() != null) {
			query.append("asOf=").append(asOf.instant());
		}
		if (knownAt.instant() != null) {
			query.append(query.isEmpty() ? "" : "&").append("knownAt=").append(knownAt.instant());
		}
		Answer state = this.api.read("/api/incidents/" + seg(id) + "/state" + (query.isEmpty() ? "" : "?" + query));
		model.addAttribute("state", state.ok() ? state.data() : null);
		model.addAttribute("asOf", asOf.instant());
		model.addAttribute("knownAt", knownAt.instant());
		model.addAttribute("problem", state.ok() ? null : state.detail());
		return "history";
	}

	private static String text(String value) {
		return (value != null) ? value : "";
	}

	/**
	 * The reason-for-outage draft rendered, and for a responder on a resolved incident
	 * the form that publishes its postmortem.
	 */
	@GetMapping("/incidents/{id}/postmortem")
	String postmortem(@PathVariable String id, Model model, HttpServletResponse response) {
		Answer summary = this.api.read("/api/incidents/" + seg(id));
		if (!summary.ok()) {
			return problem(summary, model, response);
		}
		Answer draft = this.api.readText("/api/incidents/" + seg(id) + "/postmortem",
				MediaType.valueOf("text/markdown"));
		if (!draft.ok()) {
			return problem(draft, model, response);
		}
		model.addAttribute("incidentId", id);
		model.addAttribute("incident", summary.data());
		// rendered unescaped by the page: SafeMarkdown leaves no HTML of the draft's own
		// and no URL but http, https and mailto
		model.addAttribute("html", this.markdown.render(draft.text()));
		if (!model.containsAttribute("items")) {
			model.addAttribute("items", List.of());
		}
		return "postmortem";
	}

	@GetMapping("/incidents/{id}/postmortem.md")
	ResponseEntity<String> postmortemMarkdown(@PathVariable String id) {
		Answer draft = this.api.readText("/api/incidents/" + seg(id) + "/postmortem",
				MediaType.valueOf("text/markdown"));
		return ResponseEntity.status(draft.status())
			.contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9-]", "") + "-reason-for-outage.md\"")
			.body(draft.text());
	}

}
