package com.nimbus.incidents.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The start of the console and the incident list with its declare form. {@code /} sends
 * each user to their roles' landing page. The declare form picks services and regions
 * from the catalog (free text when the catalog cannot be read), takes its times as a UTC
 * date and a 24-hour time, and names the declarer commander unless another commander is
 * given. Both answers of a declare are redirects (post/redirect/get): to the new
 * incident, or back to the list with the API's problem beside the fields and everything
 * typed kept.
 */
@Controller
class IncidentListPages {

	private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

	private final Api api;

	private final PageModel page;

	private final Clock clock;

	IncidentListPages(Api api, PageModel page, Clock clock) {
		this.api = api;
		this.page = page;
		this.clock = clock;
	}

	private static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@GetMapping("/")
	String home() {
		return "redirect:" + this.page.home();
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
		model.addAttribute("listProblem", (failure != null) ? failure.detail() : null);
		model.addAttribute("filter", Map.of("status", value(status), "severity", value(severity), "service",
				value(service), "region", value(region)));
		model.addAttribute("catalog", Catalog.read(this.api));
		return "incidents";
	}

	@PostMapping("/incidents")
	String declare(@RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
		List<String> services = names(form.get("services"));
		List<String> regions = names(form.get("regions"));
		String commander = Forms.text(form.getFirst("commander"));
		UtcInput detected = UtcInput.of(form.getFirst("detectedDate"), form.getFirst("detectedTime"), this.clock);
		UtcInput declared = UtcInput.of(form.getFirst("declaredDate"), form.getFirst("declaredTime"), this.clock);
		Map<String, String> unreadable = new LinkedHashMap<>();
		if (detected.error() != null) {
			unreadable.put("detectedAt", detected.error());
		}
		if (declared.error() != null) {
			unreadable.put("declaredAt", declared.error());
		}
		if (!unreadable.isEmpty()) {
			// nothing is sent: the times say what to type instead
			return refused(form, services, regions, "Check the times: " + String.join("; ", unreadable.values()),
					unreadable, redirect);
		}
		Answer answer = this.api.write(HttpMethod.POST, "/api/incidents",
				Forms.body("title", Forms.text(form.getFirst("title")), "severity",
						Forms.text(form.getFirst("severity")), "summary", Forms.text(form.getFirst("summary")),
						"detectionSource", Forms.text(form.getFirst("detectionSource")), "detectedAt",
						detected.instant(), "declaredAt", declared.instant(), "services", services, "regions", regions,
						"commander",
						// the declarer commands unless someone else is named (the command
						// service records ResponderAssigned either way)
						(commander != null && !commander.equalsIgnoreCase(this.page.user())) ? commander : null));
		if (answer.ok()) {
			String incidentId = answer.body().get("incidentId").asString();
			this.api.awaitVersion(incidentId, answer.body().get("version").asLong(), READ_YOUR_WRITES);
			redirect.addFlashAttribute("done", "Incident declared");
			return "redirect:/incidents/" + incidentId;
		}
		return refused(form, services, regions, answer.detail(), Forms.byField(answer.fieldErrors()), redirect);
	}

	/**
	 * Back to the form with the problem by its fields and everything as it was typed
	 * (post, redirect, get: the page can be reloaded).
	 */
	private String refused(MultiValueMap<String, String> form, List<String> services, List<String> regions,
			String problem, Map<String, String> errors, RedirectAttributes redirect) {
		Map<String, Object> values = new LinkedHashMap<>();
		form.forEach((field, typed) -> values.put(field, typed.isEmpty() ? "" : typed.get(0)));
		values.put("services", services);
		values.put("regions", regions);
		// what was typed beside the catalog's lists goes back in the "not in the list"
		// fields
		Catalog catalog = Catalog.read(this.api);
		values.put("servicesOther",
				String.join(", ", services.stream().filter((name) -> !catalog.services().contains(name)).toList()));
		values.put("regionsOther",
				String.join(", ", regions.stream().filter((name) -> !catalog.regions().contains(name)).toList()));
		redirect.addFlashAttribute("problem", problem);
		redirect.addFlashAttribute("errors", errors);
		redirect.addFlashAttribute("values", values);
		return "redirect:/incidents#declare-title";
	}

	/**
	 * The names chosen: checked boxes, or comma-separated text when the catalog could not
	 * be read; in order, each once.
	 */
	private static List<String> names(List<String> values) {
		return Forms.names(values, ",");
	}

	private static String value(String value) {
		return (value != null) ? value : "";
	}

}
