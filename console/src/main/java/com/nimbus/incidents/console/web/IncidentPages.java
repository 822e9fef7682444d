package com.nimbus.incidents.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Responders' pages: the incident list and the declare form (one incident's pages are
 * {@link IncidentPage} and {@link IncidentForms}).
 */
@Controller
class IncidentPages {

	private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

	private final Api api;

	IncidentPages(Api api) {
		this.api = api;
	}

	private static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@GetMapping("/")
	String home() {
		return "redirect:/incidents";
	}

	@GetMapping("/incidents")
	String list(@RequestParam(required = false) String status, @RequestParam(required = false) String severity,
			@RequestParam(required = false) String service, @RequestParam(required = false) String region,
			Model model) {
		StringBuilder filter = new StringBuilder("size=200");
		if (severity != null && !severity.isBlank()) {
			filter.append("&severity=").append(q(severity));
		}
		if (service != null && !service.isBlank()) {
			filter.append("&service=").append(q(service));
		}
		if (region != null && !region.isBlank()) {
			filter.append("&region=").append(q(region));
		}
		List<Object> incidents = new ArrayList<>();
		Answer failure = null;
		// open first, then resolved; newest first within each
		for (String state : (status != null && !status.isBlank()) ? List.of(status) : List.of("OPEN", "RESOLVED")) {
			Answer answer = this.api.read("/api/incidents?" + filter + "&status=" + q(state));
			if (!answer.ok()) {
				failure = answer;
				break;
			}
			answer.body().get("items").forEach((item) -> incidents.add(Api.plain(item)));
		}
		model.addAttribute("incidents", incidents);
		model.addAttribute("problem", (failure != null) ? failure.detail() : null);
		model.addAttribute("filter", Map.of("status", value(status), "severity", value(severity), "service",
				value(service), "region", value(region)));
		return "incidents";
	}

	@PostMapping("/incidents")
	String declare(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
		Answer answer = this.api.write(HttpMethod.POST, "/api/incidents",
				Forms.body("title", Forms.text(form.get("title")), "severity", Forms.text(form.get("severity")),
						"summary", Forms.text(form.get("summary")), "detectionSource",
						Forms.text(form.get("detectionSource")), "detectedAt", Forms.time(form.get("detectedAt")),
						"declaredAt", Forms.time(form.get("declaredAt")), "services", list(form.get("services")),
						"regions", list(form.get("regions"))));
		if (answer.ok()) {
			String incidentId = answer.body().get("incidentId").asString();
			this.api.awaitVersion(incidentId, answer.body().get("version").asLong(), READ_YOUR_WRITES);
			redirect.addFlashAttribute("done", "Incident declared");
			return "redirect:/incidents/" + incidentId;
		}
		list(null, null, null, null, model);
		model.addAttribute("errors", answer.fieldErrors());
		model.addAttribute("problem", answer.detail());
		model.addAttribute("values", form);
		return "incidents";
	}

	private static List<String> list(String value) {
		if (value == null) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::strip).filter((s) -> !s.isEmpty()).toList();
	}

	private static String value(String value) {
		return (value != null) ? value : "";
	}

}
