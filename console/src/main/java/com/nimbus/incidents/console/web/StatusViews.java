package com.nimbus.incidents.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;

import com.nimbus.incidents.console.web.StatusView.ActiveIncident;
import com.nimbus.incidents.console.web.StatusView.Component;
import com.nimbus.incidents.console.web.StatusView.PastIncident;
import com.nimbus.incidents.console.web.StatusView.ServiceGroup;
import com.nimbus.incidents.console.web.StatusView.Update;
import com.nimbus.incidents.console.web.StatusView.Window;

/**
 * Builds the {@link StatusView} from {@code GET /api/status} as plain maps and lists
 * (api.md, "The public status page"). It reads only the fields it names, all of them
 * public: what the query leaves out (internal titles, ids, notes, customers) cannot reach
 * the page, and a field the query might add later is not shown until named here.
 */
final class StatusViews {

	/** Affected components: the worst level first, then by service and region. */
	private static final Comparator<Component> WORST_FIRST = Comparator
		.comparingInt((Component c) -> StatusView.rank(c.level()))
		.thenComparing(Component::service)
		.thenComparing(Component::region);

	private StatusViews() {
	}

	static StatusView of(Object page, Readable readable) {
		Map<?, ?> map = (page instanceof Map<?, ?> m) ? m : Map.of();
		Map<String, StatusUptime.Bar> bars = StatusUptime.bars(page, readable);
		List<Component> affected = new ArrayList<>();
		Map<String, List<Component>> rest = new TreeMap<>();
		Map<String, Incident> incidents = new LinkedHashMap<>();
		for (Map<?, ?> service : maps(map.get("services"))) {
			String level = text(service.get("status"), StatusView.OPERATIONAL);
			Component component = new Component(text(service.get("service"), "?"), text(service.get("region"), "?"),
					level, readable.words(level),
					bars.get(StatusUptime.key(service.get("service"), service.get("region"))));
			if (StatusView.OPERATIONAL.equals(level)) {
				rest.computeIfAbsent(component.service(), (name) -> new ArrayList<>()).add(component);
			}
			else {
				affected.add(component);
			}
			for (Map<?, ?> incident : maps(service.get("incidents"))) {
				List<Update> updates = updates(incident.get("updates"), readable);
				String title = text(incident.get("title"), "");
				incidents.computeIfAbsent(title + "\n" + updates, (key) -> new Incident(title, updates))
					.add(component, text(incident.get("level"), level), iso(incident.get("since")), readable);
			}
		}
		affected.sort(WORST_FIRST);
		rest.values().forEach((components) -> components.sort(Comparator.comparing(Component::region)));
		String overall = affected.isEmpty() ? StatusView.OPERATIONAL : affected.get(0).level();
		List<ActiveIncident> active = incidents.values()
			.stream()
			.map((incident) -> incident.view(readable))
			.sorted(Comparator.comparingInt((ActiveIncident a) -> StatusView.rank(a.level()))
				.thenComparing(ActiveIncident::since, Comparator.nullsLast(Comparator.reverseOrder())))
			.toList();
		List<ServiceGroup> groups = rest.entrySet()
			.stream()
			.map((entry) -> new ServiceGroup(entry.getKey(), entry.getValue()))
			.toList();
		List<PastIncident> history = maps(map.get("history")).stream().map((past) -> past(past, readable)).toList();
		return new StatusView(sentence(overall, affected.size(), readable), overall, iso(map.get("generatedAt")),
				affected, active, groups, history);
	}

	static String sentence(String overall, int affected, Readable readable) {
		if (affected == 0) {
			return "All systems operational";
		}
		return readable.words(overall) + " affecting " + affected + ((affected == 1) ? " component" : " components");
	}

	private static PastIncident past(Map<?, ?> past, Readable readable) {
		String resolvedAt = iso(past.get("resolvedAt"));
		List<Window> windows = new ArrayList<>();
		Instant first = null;
		for (Map<?, ?> window : maps(past.get("windows"))) {
			String started = iso(window.get("startedAt"));
			String ended = iso(window.get("endedAt"));
			Instant start = instant(started);
			if (start != null && (first == null || start.isBefore(first))) {
				first = start;
			}
			windows.add(new Window(text(window.get("service"), "?") + " · " + text(window.get("region"), "?"),
					readable.words(window.get("level")), started, ended, lasted(start, instant(ended))));
		}
		return new PastIncident(text(past.get("title"), ""), resolvedAt, lasted(first, instant(resolvedAt)), windows,
				updates(past.get("updates"), readable));
	}

	/**
	 * Newest first, whatever order they came in: by the full instant (the shown time is
	 * cut to the second, and two updates may share a second); updates of the same instant
	 * keep the reverse of the order they were recorded in.
	 */
	private static List<Update> updates(Object value, Readable readable) {
		List<Map<?, ?>> recorded = maps(value);
		List<Map.Entry<Instant, Update>> updates = new ArrayList<>();
		for (int i = recorded.size() - 1; i >= 0; i--) {
			Map<?, ?> update = recorded.get(i);
			Object occurredAt = update.get("occurredAt");
			updates.add(Map.entry(
					Optional.ofNullable(instant(occurredAt == null ? null : occurredAt.toString())).orElse(Instant.MIN),
					new Update(readable.words(update.get("status")), iso(occurredAt),
							text(update.get("message"), ""))));
		}
		updates.sort(Map.Entry.<Instant, Update>comparingByKey().reversed());
		return updates.stream().map(Map.Entry::getValue).toList();
	}

	private static String lasted(Instant from, Instant to) {
		return (from == null || to == null || to.isBefore(from)) ? null : Readable.spoken(Duration.between(from, to));
	}

	private static List<Map<?, ?>> maps(Object value) {
		List<Map<?, ?>> maps = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.stream().filter(Map.class::isInstance).forEach((item) -> maps.add((Map<?, ?>) item));
		}
		return maps;
	}

	private static String text(Object value, String otherwise) {
		return (value == null || value.toString().isBlank()) ? otherwise : value.toString();
	}

	/**
	 * An instant to the second (the page's times carry nanoseconds): what a
	 * {@code <time datetime>} holds and a browser parses; a value that is no instant is
	 * kept as it came.
	 */
	static String iso(Object value) {
		Instant instant = instant((value == null) ? null : value.toString());
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString()
				: (value == null) ? null : value.toString();
	}

	private static Instant instant(String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** An active incident gathered across the components it is listed under. */
	private static final class Incident {

		private final String title;

		private final List<Update> updates;

		private final List<Component> components = new ArrayList<>();

		private String level;

		private String since;

		Incident(String title, List<Update> updates) {
			this.title = title;
			this.updates = updates;
		}

		void add(Component component, String level, String since, Readable readable) {
			this.components
				.add(new Component(component.service(), component.region(), level, readable.words(level), null));
			if (this.level == null || StatusView.rank(level) < StatusView.rank(this.level)) {
				this.level = level;
			}
			if (since != null && (this.since == null || since.compareTo(this.since) < 0)) {
				this.since = since;
			}
		}

		ActiveIncident view(Readable readable) {
			List<String> where = this.components.stream()
				.sorted(WORST_FIRST)
				.map((component) -> component.name() + " (" + component.levelWords() + ")")
				.toList();
			return new ActiveIncident(this.title, this.level, readable.words(this.level), this.since, where,
					this.updates);
		}

	}

}
