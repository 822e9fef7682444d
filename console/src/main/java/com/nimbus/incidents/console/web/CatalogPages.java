package com.nimbus.incidents.console.web;

import java.util.LinkedHashMap;
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
 * The administrators' catalog page: the services and regions the forms offer, and a form
 * that replaces the administrators' own list (incident-command's
 * {@code PUT /api/catalog}, ADMIN only). The names contracts and incidents use stay in
 * the catalog whatever the list holds. Both answers of a save are redirects
 * (post/redirect/get): a refused name comes back beside its field with everything typed
 * kept.
 */
@Controller
class CatalogPages {

	/** One name a line; commas separate too. */
	private static final String SEPARATORS = "[,\\r\\n]+";

	private final Api api;

	CatalogPages(Api api) {
		this.api = api;
	}

	@GetMapping("/catalog")
	String catalog(Model model) {
		Catalog catalog = Catalog.read(this.api);
		model.addAttribute("catalog", catalog);
		model.addAttribute("lines", Map.of("services", String.join("\n", catalog.services()), "regions",
				String.join("\n", catalog.regions())));
		return "catalog";
	}

	@PostMapping("/catalog")
	String save(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
		List<String> services = Forms.names(List.of(form.getOrDefault("services", "")), SEPARATORS);
		List<String> regions = Forms.names(List.of(form.getOrDefault("regions", "")), SEPARATORS);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("services", services);
		body.put("regions", regions);
		Answer saved = this.api.write(HttpMethod.PUT, "/api/catalog", body);
		if (saved.ok()) {
			int savedServices = (saved.body() != null) ? saved.body().path("services").size() : services.size();
			int savedRegions = (saved.body() != null) ? saved.body().path("regions").size() : regions.size();
			redirect.addFlashAttribute("done", "Catalog list saved: " + savedServices + " services, " + savedRegions
					+ " regions. Forms offer them as soon as incident-query has read them.");
			return "redirect:/catalog";
		}
		redirect.addFlashAttribute("problem", saved.detail());
		redirect.addFlashAttribute("errors", Forms.byField(saved.fieldErrors()));
		redirect.addFlashAttribute("values", form);
		return "redirect:/catalog#edit-title";
	}

}
