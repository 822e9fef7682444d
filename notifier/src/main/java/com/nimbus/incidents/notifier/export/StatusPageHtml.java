package com.nimbus.incidents.notifier.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * The exported {@code index.html}: the public status page (the JSON of
 * {@code GET /api/status}) as one static, self-contained page that any web server can
 * serve without the platform: no script, no external resource. Every text a person typed
 * (titles, updates) is escaped.
 */
final class StatusPageHtml {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final String STYLE = """
			body{font-family:system-ui,sans-serif;margin:0 auto;max-width:52rem;padding:1rem;color:#111;background:#fff;line-height:1.4}
			h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin:.5rem 0}
			.overall{padding:1rem;border-radius:.5rem;font-weight:600;border:2px solid #111}
			.OPERATIONAL{background:#e6f4ea}.DEGRADED_PERFORMANCE{background:#fff4ce}
			.PARTIAL_OUTAGE{background:#ffe1c2}.MAJOR_OUTAGE{background:#ffd5d5}
			ul{padding-left:1.2rem}li{margin:.3rem 0}.muted{color:#444;font-size:.9rem}
			.bars{display:flex;gap:1px;flex-wrap:nowrap;overflow-x:auto}.bar{display:inline-block;width:.45rem;height:1.6rem}
			.up{background:#2e7d32}.down{background:#c62828}.partly{background:#f9a825}
			section{border-top:1px solid #ccc;padding-top:.5rem}
			""";

	private StatusPageHtml() {
	}

	static String render(JsonNode page, Instant exportedAt) {
		StringBuilder html = new StringBuilder(16_384);
		String overall = page.path("overall").asString("OPERATIONAL");
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>Service status</title><link rel=\"alternate\" type=\"application/atom+xml\" ")
			.append("title=\"Status updates\" href=\"feed.atom\"><style>")
			.append(STYLE)
			.append("</style></head><body><main>\n<h1>Service status</h1>\n");
		html.append("<p class=\"overall ").append(escape(overall)).append("\">").append(escape(sentence(page)));
		html.append("</p>\n<p class=\"muted\">As of ")
			.append(time(page.path("generatedAt").asString(null)))
			.append(". Exported ")
			.append(MINUTE.format(exportedAt))
			.append(": this copy stays readable when the platform is down. ")
			.append("<a href=\"feed.atom\">Atom feed</a> · <a href=\"status.json\">JSON</a></p>\n");
		activeIncidents(html, page);
		components(html, page);
		history(html, page);
		uptime(html, page);
		html.append("</main></body></html>\n");
		return html.toString();
	}

	/**
	 * The state in one sentence: all operational, or the worst level and how many
	 * components have it or another.
	 */
	static String sentence(JsonNode page) {
		int affected = 0;
		for (JsonNode service : page.path("services")) {
			affected += "OPERATIONAL".equals(service.path("status").asString("OPERATIONAL")) ? 0 : 1;
		}
		String overall = page.path("overall").asString("OPERATIONAL");
		if (affected == 0 || "OPERATIONAL".equals(overall)) {
			return "All systems operational";
		}
		return level(overall) + ": " + affected + ((affected == 1) ? " component" : " components") + " affected";
	}

	static String level(String level) {
		return switch (level) {
			case "MAJOR_OUTAGE" -> "Major outage";
			case "PARTIAL_OUTAGE" -> "Partial outage";
			case "DEGRADED_PERFORMANCE" -> "Degraded performance";
			case "OPERATIONAL" -> "Operational";
			default -> level;
		};
	}

	private static void activeIncidents(StringBuilder html, JsonNode page) {
		// an incident is listed under each component it affects: show it once, with them
		Map<String, List<String>> components = new LinkedHashMap<>();
		Map<String, JsonNode> incidents = new LinkedHashMap<>();
		for (JsonNode service : page.path("services")) {
			for (JsonNode incident : service.path("incidents")) {
				String key = incident.path("title").asString("") + "|" + incident.path("since").asString("");
				incidents.putIfAbsent(key, incident);
				components.computeIfAbsent(key, (k) -> new ArrayList<>())
					.add(component(service) + " (" + level(incident.path("level").asString("")) + ")");
			}
		}
		if (incidents.isEmpty()) {
			return;
		}
		html.append("<section><h2>Active incidents</h2>\n");
		incidents.forEach((key, incident) -> {
			html.append("<article><h3>")
				.append(escape(incident.path("title").asString("")))
				.append("</h3><p class=\"muted\">Affecting ")
				.append(escape(String.join(", ", components.get(key))))
				.append(" since ")
				.append(time(incident.path("since").asString(null)))
				.append("</p>");
			updates(html, incident.path("updates"));
			html.append("</article>\n");
		});
		html.append("</section>\n");
	}

	/** Public updates, newest first. */
	private static void updates(StringBuilder html, JsonNode updates) {
		if (updates.isEmpty()) {
			return;
		}
		html.append("<ul>");
		for (int i = updates.size() - 1; i >= 0; i--) {
			JsonNode update = updates.get(i);
			html.append("<li><strong>")
				.append(escape(words(update.path("status").asString(""))))
				.append("</strong> ")
				.append(time(update.path("occurredAt").asString(null)))
				.append(": ")
				.append(escape(update.path("message").asString("")))
				.append("</li>");
		}
		html.append("</ul>");
	}

	private static void components(StringBuilder html, JsonNode page) {
		if (page.path("services").isEmpty()) {
			return;
		}
		html.append("<section><h2>Components</h2><ul>\n");
		for (JsonNode service : page.path("services")) {
			html.append("<li>")
				.append(escape(component(service)))
				.append(": <strong>")
				.append(escape(level(service.path("status").asString(""))))
				.append("</strong></li>\n");
		}
		html.append("</ul></section>\n");
	}

	private static void history(StringBuilder html, JsonNode page) {
		html.append("<section><h2>Past incidents (90 days)</h2>\n");
		if (page.path("history").isEmpty()) {
			html.append("<p>No incidents in the last 90 days.</p>");
		}
		for (JsonNode past : page.path("history")) {
			html.append("<article><h3>")
				.append(escape(past.path("title").asString("")))
				.append("</h3><p class=\"muted\">Resolved ")
				.append(time(past.path("resolvedAt").asString(null)));
			List<String> windows = new ArrayList<>();
			for (JsonNode window : past.path("windows")) {
				windows.add(component(window) + " " + level(window.path("level").asString("")).toLowerCase() + " "
						+ time(window.path("startedAt").asString(null)) + " to "
						+ time(window.path("endedAt").asString(null)));
			}
			if (!windows.isEmpty()) {
				html.append(". ").append(escape(String.join("; ", windows)));
			}
			html.append("</p>");
			updates(html, past.path("updates"));
			html.append("</article>\n");
		}
		html.append("</section>\n");
	}

	private static void uptime(StringBuilder html, JsonNode page) {
		if (page.path("uptime").isEmpty()) {
			return;
		}
		html.append("<section><h2>Uptime, last 90 days</h2>\n");
		for (JsonNode component : page.path("uptime")) {
			JsonNode daily = component.path("daily");
			html.append("<h3>")
				.append(escape(component(component)))
				.append(": ")
				.append(percent(daily))
				.append(" %</h3><div class=\"bars\" role=\"img\" aria-label=\"daily uptime\">");
			LocalDate day = LocalDate.parse(component.path("from").asString());
			for (JsonNode share : daily) {
				BigDecimal value = new BigDecimal(share.asString());
				String kind = (value.compareTo(BigDecimal.ONE) == 0) ? "up" : (value.signum() == 0) ? "down" : "partly";
				html.append("<span class=\"bar ")
					.append(kind)
					.append("\" title=\"")
					.append(day)
					.append(": ")
					.append(value.movePointRight(2).setScale(2, RoundingMode.DOWN).toPlainString())
					.append(" %\"></span>");
				day = day.plusDays(1);
			}
			html.append("</div>\n");
		}
		html.append("</section>\n");
	}

	/**
	 * The mean of the daily shares as a percentage with 4 decimals, rounded down (a
	 * period with any impact never reads 100.0000).
	 */
	static String percent(JsonNode daily) {
		if (daily.isEmpty()) {
			return "100.0000";
		}
		BigDecimal sum = BigDecimal.ZERO;
		for (JsonNode share : daily) {
			sum = sum.add(new BigDecimal(share.asString()));
		}
		return sum.movePointRight(2).divide(BigDecimal.valueOf(daily.size()), 4, RoundingMode.DOWN).toPlainString();
	}

	private static String component(JsonNode node) {
		return node.path("service").asString("") + " in " + node.path("region").asString("");
	}

	private static String words(String status) {
		return status.isEmpty() ? "" : status.charAt(0) + status.substring(1).toLowerCase();
	}

	private static String time(String iso) {
		if (iso == null || iso.isEmpty()) {
			return "—";
		}
		return MINUTE.format(Instant.parse(iso));
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

}
