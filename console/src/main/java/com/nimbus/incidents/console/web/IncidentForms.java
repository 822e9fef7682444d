package com.nimbus.incidents.console.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.web.IncidentCommands.Sent;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Every form of the incident and postmortem pages, post/redirect/get: recorded, the
 * browser goes to the page once it shows the new version; refused, it goes back to the
 * page (a URL that reloads) with the problem beside the fields it names and everything
 * typed kept, once.
 */
@Controller
class IncidentForms {

	private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

	private static final Duration TIMELINE_PATIENCE = Duration.ofSeconds(2);

	private final Api api;

	private final IncidentCommands commands;

	IncidentForms(Api api, Clock clock) {
		this.api = api;
		this.commands = new IncidentCommands(api, clock);
	}

	@PostMapping("/incidents/{id}/do/{form}")
	String act(@PathVariable String id, @PathVariable String form, @RequestParam MultiValueMap<String, String> fields,
			Model model, RedirectAttributes redirect, HttpServletResponse response) {
		if (!IncidentCommands.FORMS.contains(form)) {
			model.addAttribute("problem", "There is no form " + form);
			model.addAttribute("status", 404);
			response.setStatus(404);
			return "problem";
		}
		String page = "/incidents/" + IncidentPage.seg(id) + ("postmortem".equals(form) ? "/postmortem" : "");
		Sent sent = this.commands.send(id, form, fields);
		if (sent.ok()) {
			this.api.awaitVersion(id, sent.version(), READ_YOUR_WRITES);
			awaitTimeline(id, sent.version());
			redirect.addFlashAttribute("done",
					done(form, fields.getFirst("mode")) + " (version " + sent.version() + ")");
			return "redirect:" + page + ("postmortem".equals(form) ? "" : "#timeline");
		}
		redirect.addFlashAttribute("failed", form);
		redirect.addFlashAttribute("errors", sent.errors());
		redirect.addFlashAttribute("problem", sent.problem());
		redirect.addFlashAttribute("values", fields.toSingleValueMap());
		redirect.addFlashAttribute("chosen", (fields.get("customers") != null) ? fields.get("customers") : List.of());
		redirect.addFlashAttribute("items", IncidentCommands.actionItems(fields));
		return "redirect:" + page + "#" + ("compose".equals(form) ? "composer" : "form-" + form);
	}

	/**
	 * The timeline is a read model of its own: wait (a little) until it shows the version
	 * too, so the page the browser lands on has the new entry, not only the new summary.
	 */
	private void awaitTimeline(String id, long version) {
		long deadline = System.nanoTime() + TIMELINE_PATIENCE.toNanos();
		String path = "/api/incidents/" + IncidentPage.seg(id) + "/timeline";
		while (System.nanoTime() < deadline) {
			Api.Answer timeline = this.api.read(path);
			if (!timeline.ok() || timeline.body() == null
					|| timeline.body().path("version").asLong(Long.MAX_VALUE) >= version) {
				return;
			}
			LockSupport.parkNanos(Duration.ofMillis(40).toNanos());
		}
	}

	private static String done(String form, String mode) {
		Map<String, String> said = Map.ofEntries(Map.entry("action", "Action recorded"),
				Map.entry("public", "Public update posted"), Map.entry("status", "Update posted"),
				Map.entry("note", "Note added"), Map.entry("impact", "Impact reported"),
				Map.entry("severity", "Severity changed"), Map.entry("resolve", "Incident resolved"),
				Map.entry("reopen", "Incident reopened"), Map.entry("responder", "Responder assigned"),
				Map.entry("release", "Responder released"), Map.entry("end", "Impact ended"),
				Map.entry("correct", "Impact corrected"), Map.entry("postmortem", "Postmortem published"));
		return said.getOrDefault("compose".equals(form) ? String.valueOf(mode) : form, "Recorded");
	}

}
