package com.nimbus.incidents.console.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Triage: the signals no route placed (the command service's
 * {@code GET /api/signals?placed=false}), each with a form that attaches it to an open
 * incident. Both answers of an attach are redirects (post/redirect/get): to the incident
 * on success, back to this page with the API's problem otherwise, so every page the user
 * lands on can be reloaded.
 */
@Controller
class SignalPages {

	private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

	private final Api api;

	SignalPages(Api api) {
		this.api = api;
	}

	private static String segment(String value) {
		return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
	}

	@GetMapping("/signals")
	String triage(Model model) {
		Answer waiting = this.api.readCommand("/api/signals?placed=false");
		model.addAttribute("rows", waiting.ok() ? TriageRows.rows(waiting.data()) : List.of());
		model.addAttribute("truncated", waiting.ok() && waiting.body().path("truncated").asBoolean(false));
		model.addAttribute("readProblem", waiting.ok() ? null : waiting.detail());
		model.addAttribute("openIncidents", openIncidents(model));
		return "signals";
	}

	/**
	 * The open incidents a signal may be attached to, newest first; none when the user
	 * may not attach or the list cannot be read (the id field still takes one).
	 */
	private List<Object> openIncidents(Model model) {
		List<Object> incidents = new ArrayList<>();
		if (PageModel.Allowed.of(this.api.roles()).attach()) {
			Answer open = this.api.read("/api/incidents?status=OPEN&size=200");
			if (open.ok()) {
				open.body().path("items").forEach((item) -> incidents.add(Api.plain(item)));
			}
			else {
				model.addAttribute("incidentsProblem", open.detail());
			}
		}
		return incidents;
	}

	/**
	 * Attaches a signal to the incident chosen in the list, or to the one whose id was
	 * typed (which wins when both are given).
	 */
	@PostMapping("/signals/attach")
	String attach(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
		String source = Forms.text(form.get("source"));
		String fingerprint = Forms.text(form.get("fingerprint"));
		if (source == null || fingerprint == null) {
			redirect.addFlashAttribute("problem", "The form named no signal; pick one from the list");
			return "redirect:/signals";
		}
		String typed = Forms.text(form.get("otherIncidentId"));
		String incidentId = (typed != null) ? typed : Forms.text(form.get("incidentId"));
		String key = source + ":" + fingerprint;
		Answer answer = this.api.write(HttpMethod.POST,
				"/api/signals/triage/" + segment(source) + ":" + segment(fingerprint) + "/attach",
				Forms.body("incidentId", incidentId));
		if (answer.ok()) {
			JsonNode attached = (answer.body() != null) ? answer.body() : MissingNode.getInstance();
			String attachedTo = attached.path("incidentId").asString(incidentId);
			long version = attached.path("version").asLong(-1);
			if (version >= 0) {
				this.api.awaitVersion(attachedTo, version, READ_YOUR_WRITES);
			}
			redirect.addFlashAttribute("done", "Signal " + key + " attached");
			return "redirect:/incidents/" + segment(attachedTo) + "#impacts-title";
		}
		redirect.addFlashAttribute("problem", answer.detail());
		redirect.addFlashAttribute("failedKey", key);
		redirect.addFlashAttribute("errors", answer.fieldErrors());
		redirect.addFlashAttribute("values", form);
		return "redirect:/signals";
	}

}
