package com.nimbus.incidents.query.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.query.status.PublicIncident.PublicUpdate;
import com.nimbus.incidents.query.status.StatusPage.ComponentUptime;
import com.nimbus.incidents.query.status.StatusPage.PastIncident;
import com.nimbus.incidents.query.status.StatusPage.PublicWindow;
import com.nimbus.incidents.query.status.StatusPage.ServiceStatus;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;

/**
 * The status page from the status page document at a moment, pure. Only the incidents the
 * page shows at that moment count ({@link StatusPageIncident#shownAt}): an entry the
 * projector has not pruned yet is left out here.
 * <ul>
 * <li>components: every service and region with a window in those incidents; a
 * component's level is the highest level of the open windows of open incidents on it,
 * else {@code OPERATIONAL}; affected components first, then by service and region;</li>
 * <li>under each component, the open incidents with an open window on it, one entry per
 * incident;</li>
 * <li>history: the resolved incidents, latest resolution first;</li>
 * <li>uptime: per component, {@link Uptime}.</li>
 * </ul>
 */
final class StatusPageRenderer {

	private static final Comparator<ServiceStatus> COMPONENT_ORDER = Comparator
		.comparing((ServiceStatus component) -> !component.affected())
		.thenComparing(ServiceStatus::service)
		.thenComparing(ServiceStatus::region);

	private StatusPageRenderer() {
	}

	private record Component(String service, String region) implements Comparable<Component> {

		@Override
		public int compareTo(Component other) {
			int byService = this.service.compareTo(other.service);
			return (byService != 0) ? byService : this.region.compareTo(other.region);
		}

	}

	static StatusPage render(StatusPageDocument document, Instant now) {
		List<StatusPageIncident> shown = document.incidents().stream().filter((i) -> i.shownAt(now)).toList();
		Map<Component, List<PublicIncident>> active = new TreeMap<>();
		Map<Component, List<Uptime.Span>> spans = new TreeMap<>();
		List<PastIncident> history = new ArrayList<>();
		for (StatusPageIncident incident : shown) {
			Map<Component, PublicIncident> openHere = new LinkedHashMap<>();
			for (StatusPageWindow window : incident.windows()) {
				Component component = new Component(window.service(), window.region());
				active.computeIfAbsent(component, (key) -> new ArrayList<>());
				spans.computeIfAbsent(component, (key) -> new ArrayList<>())
					.add(new Uptime.Span(window.startedAt(), end(incident, window, now)));
				if (incident.open() && window.open()) {
					openHere.merge(component, PublicIncident.of(incident, window.level(), window.startedAt()),
							StatusPageRenderer::worstAndEarliest);
				}
			}
			openHere.forEach((component, shownIncident) -> active.get(component).add(shownIncident));
			if (incident.status() == IncidentStatus.RESOLVED) {
				history.add(past(incident, now));
			}
		}
		List<ServiceStatus> services = new ArrayList<>();
		active.forEach((component, incidents) -> services.add(new ServiceStatus(component.service(), component.region(),
				level(incidents.stream().map(PublicIncident::level).toList()), incidents)));
		services.sort(COMPONENT_ORDER);
		List<ComponentUptime> uptime = new ArrayList<>();
		for (ServiceStatus service : services) {
			Component component = new Component(service.service(), service.region());
			uptime.add(new ComponentUptime(component.service(), component.region(), Uptime.firstDay(now),
					Uptime.daily(spans.get(component), now)));
		}
		history.sort(Comparator.comparing(PastIncident::resolvedAt).reversed());
		String overall = level(services.stream()
			.filter(ServiceStatus::affected)
			.map((service) -> ImpactLevel.valueOf(service.status()))
			.toList());
		return new StatusPage(now, overall, services, history, uptime);
	}

	/**
	 * Whether the page rendered at {@code now} changes by itself as time goes on: while a
	 * window is open, the uptime of today grows less.
	 */
	static boolean moving(StatusPageDocument document, Instant now) {
		return document.incidents()
			.stream()
			.filter((incident) -> incident.shownAt(now))
			.anyMatch((incident) -> incident.open() && incident.windows().stream().anyMatch(StatusPageWindow::open));
	}

	private static String level(List<ImpactLevel> levels) {
		return levels.stream().max(Comparator.naturalOrder()).map(Enum::name).orElse(StatusPage.OPERATIONAL);
	}

	private static PublicIncident worstAndEarliest(PublicIncident one, PublicIncident other) {
		ImpactLevel level = (one.level().compareTo(other.level()) >= 0) ? one.level() : other.level();
		Instant since = one.since().isBefore(other.since()) ? one.since() : other.since();
		return new PublicIncident(one.title(), level, since, one.latestStatus(), one.latestMessage(),
				one.latestUpdateAt(), one.updates());
	}

	/**
	 * Where a window ends for the uptime: its end; an open one of an open incident now,
	 * one left open by a resolved incident at the resolution.
	 */
	private static Instant end(StatusPageIncident incident, StatusPageWindow window, Instant now) {
		if (window.endedAt() != null) {
			return window.endedAt();
		}
		return (!incident.open() && incident.resolvedAt() != null) ? incident.resolvedAt() : now;
	}

	private static PastIncident past(StatusPageIncident incident, Instant now) {
		List<PublicWindow> windows = new ArrayList<>();
		for (StatusPageWindow window : incident.windows()) {
			windows.add(new PublicWindow(window.service(), window.region(), window.level(), window.startedAt(),
					(window.endedAt() != null) ? window.endedAt() : end(incident, window, now)));
		}
		return new PastIncident(PublicIncident.title(incident), incident.resolvedAt(),
				PublicUpdate.of(incident.updates()), windows);
	}

}
