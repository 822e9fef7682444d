package com.nimbus.incidents.console.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Subscriptions (the notifier's API, {@code console.notifier-url}): the user's own with
 * their state, a form to create one, and per subscription a test event, pause or resume,
 * delete, and its recent deliveries. Every form answers with a redirect
 * (post/redirect/get): a refused create comes back to the form with the notifier's
 * problem next to the field it names and everything typed in place; the secret of a new
 * webhook is shown once, on the page the create redirects to.
 */
@Controller
class SubscriptionPages {

	private final Api api;

	SubscriptionPages(Api api) {
		this.api = api;
	}

	private static String segment(String value) {
		return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
	}

	@GetMapping("/subscriptions")
	String list(Model model) {
		Answer list = this.api.notifier(HttpMethod.GET, "/api/subscriptions", null);
		model.addAttribute("rows", list.ok() && list.body() != null ? SubscriptionRows.rows(list.body()) : List.of());
		model.addAttribute("readProblem", list.ok() ? null : list.detail());
		model.addAttribute("channels", SubscriptionForm.CHANNELS);
		model.addAttribute("severities", SubscriptionForm.SEVERITIES);
		return "subscriptions";
	}

	@PostMapping("/subscriptions")
	String create(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
		Answer created = this.api.notifier(HttpMethod.POST, "/api/subscriptions", SubscriptionForm.body(form));
		if (created.ok() && created.body() != null) {
			String id = created.body().path("subscriptionId").asString("");
			redirect.addFlashAttribute("done", "Subscription " + id + " created");
			if (created.body().path("secret").isString()) {
				redirect.addFlashAttribute("secret", created.body().path("secret").asString());
				redirect.addFlashAttribute("secretFor", id);
			}
			return "redirect:/subscriptions";
		}
		redirect.addFlashAttribute("problem", created.detail());
		redirect.addFlashAttribute("errors", created.fieldErrors());
		redirect.addFlashAttribute("values", form);
		return "redirect:/subscriptions#create-title";
	}

	@GetMapping("/subscriptions/{id}")
	String one(@PathVariable String id, Model model) {
		Answer subscription = this.api.notifier(HttpMethod.GET, "/api/subscriptions/" + segment(id), null);
		if (!subscription.ok() || subscription.body() == null) {
			model.addAttribute("status", subscription.status());
			model.addAttribute("problem", subscription.detail());
			return "problem";
		}
		Answer deliveries = this.api.notifier(HttpMethod.GET, "/api/subscriptions/" + segment(id) + "/deliveries",
				null);
		model.addAttribute("subscription", SubscriptionRows.row(subscription.body()));
		model.addAttribute("deliveries", deliveries.ok() && deliveries.body() != null
				? SubscriptionRows.deliveries(deliveries.body()) : List.of());
		model.addAttribute("deliveriesProblem", deliveries.ok() ? null : deliveries.detail());
		return "subscription";
	}

	/**
	 * Sends a test event; the outcome (result, status code, latency, error) is shown on
	 * the subscription's page.
	 */
	@PostMapping("/subscriptions/{id}/test")
	String test(@PathVariable String id, RedirectAttributes redirect) {
		Answer outcome = this.api.notifier(HttpMethod.POST, "/api/subscriptions/" + segment(id) + "/test", null);
		if (outcome.ok() && outcome.body() != null) {
			redirect.addFlashAttribute("outcome", Api.plain(outcome.body()));
		}
		else {
			redirect.addFlashAttribute("problem", outcome.detail());
		}
		return "redirect:/subscriptions/" + segment(id);
	}

	@PostMapping("/subscriptions/{id}/pause")
	String pause(@PathVariable String id, RedirectAttributes redirect) {
		return change(id, "/pause", HttpMethod.POST, "paused", redirect);
	}

	@PostMapping("/subscriptions/{id}/resume")
	String resume(@PathVariable String id, RedirectAttributes redirect) {
		return change(id, "/resume", HttpMethod.POST, "resumed", redirect);
	}

	@PostMapping("/subscriptions/{id}/delete")
	String delete(@PathVariable String id, RedirectAttributes redirect) {
		Answer deleted = this.api.notifier(HttpMethod.DELETE, "/api/subscriptions/" + segment(id), null);
		if (deleted.ok()) {
			redirect.addFlashAttribute("done", "Subscription " + id + " deleted");
			return "redirect:/subscriptions";
		}
		redirect.addFlashAttribute("problem", deleted.detail());
		return "redirect:/subscriptions/" + segment(id);
	}

	private String change(String id, String action, HttpMethod method, String done, RedirectAttributes redirect) {
		Answer changed = this.api.notifier(method, "/api/subscriptions/" + segment(id) + action, null);
		if (changed.ok()) {
			redirect.addFlashAttribute("done", "Subscription " + id + " " + done);
		}
		else {
			redirect.addFlashAttribute("problem", changed.detail());
		}
		return "redirect:/subscriptions/" + segment(id);
	}

}
