package com.nimbus.incidents.query.status;

import com.nimbus.incidents.readmodel.ReadModelCollections;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.model.Projections;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.query.limits.ReadBudget;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public status page: per service and region, derived from the open impact windows of
 * open incidents and their public status updates, never set by hand. An incident shows
 * only what was published ({@link PublicIncident}): never its id, internal title,
 * internal updates, notes, actions, actors or customers. Summaries are streamed through
 * the read budget: a request holds about a batch of them plus the incidents it shows.
 */
@RestController
class PublicStatusController {

	static final String OPERATIONAL = "OPERATIONAL";

	private final MongoTemplate mongo;

	private final ReadBudget budget;

	private final Clock clock;

	PublicStatusController(MongoTemplate mongo, ReadBudget budget, Clock clock) {
		this.mongo = mongo;
		this.budget = budget;
		this.clock = clock;
	}

	record ServiceStatus(String service, String region, String status, List<PublicIncident> incidents) {
	}

	record StatusPage(Instant generatedAt, String overall, List<ServiceStatus> services) {
	}

	@GetMapping("/api/status")
	StatusPage status() {
		Map<String, List<PublicIncident>> byComponent = new TreeMap<>();
		Map<String, String[]> components = new TreeMap<>();
		this.budget.stream(ReadBudget.raw(this.mongo.getCollection(ReadModelCollections.INCIDENT_SUMMARIES))
			.find()
			.projection(Projections.include("state")), (summary) -> {
				IncidentState state = this.mongo.getConverter()
					.read(IncidentState.class, summary.get("state", Document.class));
				boolean shown = false;
				for (ImpactWindow window : state.impacts()) {
					String component = window.service() + "\u0000" + window.region();
					components.putIfAbsent(component, new String[] { window.service(), window.region() });
					if (state.status() == IncidentStatus.OPEN && window.open()) {
						shown = true;
						byComponent.computeIfAbsent(component, (key) -> new ArrayList<>())
							.add(PublicIncident.of(state, window));
					}
				}
				return shown;
			});
		List<ServiceStatus> services = new ArrayList<>();
		components.forEach((component, names) -> {
			List<PublicIncident> incidents = byComponent.getOrDefault(component, List.of());
			String status = incidents.stream()
				.map(PublicIncident::level)
				.max(Comparator.naturalOrder())
				.map(Enum::name)
				.orElse(OPERATIONAL);
			services.add(new ServiceStatus(names[0], names[1], status, incidents));
		});
		String overall = services.stream()
			.map(ServiceStatus::status)
			.filter((status) -> !status.equals(OPERATIONAL))
			.map(ImpactLevel::valueOf)
			.max(Comparator.naturalOrder())
			.map(Enum::name)
			.orElse(OPERATIONAL);
		return new StatusPage(this.clock.instant(), overall, services);
	}

}
