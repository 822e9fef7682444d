package com.nimbus.incidents.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Customer success's impact views and finance's credit report.
 */
@Controller
class OtherPages {

	private final Api api;

	private final Clock clock;

	OtherPages(Api api, Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	private static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@GetMapping("/impact")
	String impact(@RequestParam(required = false) String incident, @RequestParam(required = false) String customer,
			Model model) {
		model.addAttribute("incidentId", (incident != null) ? incident : "");
		model.addAttribute("customerId", (customer != null) ? customer : "");
		model.addAttribute("catalog", Catalog.read(this.api));
		if (incident != null && !incident.isBlank()) {
			Answer answer = this.api.read("/api/incidents/" + q(incident.strip()) + "/impact");
			model.addAttribute("impact", answer.ok() ? answer.data() : null);
			model.addAttribute("problem", answer.ok() ? null : answer.detail());
		}
		if (customer != null && !customer.isBlank()) {
			Answer answer = this.api.read("/api/customers/" + q(customer.strip()) + "/incidents");
			model.addAttribute("customer", answer.ok() ? answer.data() : null);
			model.addAttribute("problem", answer.ok() ? null : answer.detail());
		}
		return "impact";
	}

	@GetMapping("/sla")
	String sla(@RequestParam(required = false) String month, Model model) {
		String chosen = (month != null && !month.isBlank()) ? month
				: YearMonth.now(this.clock.withZone(ZoneOffset.UTC)).minusMonths(1).toString();
		Answer answer = this.api.read("/api/sla/credits?month=" + q(chosen));
		model.addAttribute("month", chosen);
		model.addAttribute("report", answer.ok() ? answer.data() : null);
		model.addAttribute("problem", answer.ok() ? null : answer.detail());
		return "sla";
	}

	@GetMapping("/sla.csv")
	ResponseEntity<String> slaCsv(@RequestParam String month) {
		Answer answer = this.api.readText("/api/sla/credits?month=" + q(month), MediaType.valueOf("text/csv"));
		return ResponseEntity.status(answer.status())
			.contentType(answer.ok() ? new MediaType("text", "csv", StandardCharsets.UTF_8)
					: MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"sla-credits-" + month.replaceAll("[^0-9-]", "") + ".csv\"")
			.body(answer.text());
	}

}
