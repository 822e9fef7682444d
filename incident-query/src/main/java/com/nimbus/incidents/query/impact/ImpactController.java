package com.nimbus.incidents.query.impact;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.query.contract.ContractBook;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.query.contract.CustomerNotFound;
import com.nimbus.incidents.query.contract.Coverage;
import com.nimbus.incidents.query.incident.IncidentNotFound;
import com.nimbus.incidents.query.incident.InvalidQuery;
import com.nimbus.incidents.readmodel.customer.Components;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customer success's views: who an incident hit and how many of their users, and every
 * incident that touched a customer. Estimates follow the latest facts; open windows run
 * to now. Every read is by {@code _id} ({@link ImpactReadModels}): an incident's impact
 * reads its summary, the customers of its windows' components and their contracts; a
 * customer's incidents reads its contracts, its refs, and the summaries of the incidents
 * whose span meets the period asked, streamed, so a request holds about a batch plus the
 * incidents that touched the customer.
 */
@RestController
class ImpactController {

	private final ImpactReadModels readModels;

	private final ContractBook contracts;

	private final Clock clock;

	ImpactController(ImpactReadModels readModels, ContractBook contracts, Clock clock) {
		this.readModels = readModels;
		this.contracts = contracts;
		this.clock = clock;
	}

	record Window(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
			Instant startedAt, Instant endedAt, boolean open, boolean corrected, ImpactSource source) {

		static Window of(ImpactWindow window) {
			return new Window(window.impactId(), window.service(), window.region(), window.level(), window.errorRate(),
					window.startedAt(), window.endedAt(), window.open(), window.corrected(), window.source());
		}

	}

	record Customer(String customerId, String customerName, List<String> services, List<String> regions,
			long activeUsers, AffectedUsers estimatedAffectedUsers, Duration exposure) {
	}

	record Total(long low, long high, String method) {
	}

	record IncidentImpact(String incidentId, long version, List<Window> windows, List<Customer> affectedCustomers,
			Total estimatedAffectedUsers, AffectedUsers reportedAffectedUsers) {
	}

	record CustomerIncident(String incidentId, long version, String title, String severity, String status,
			Instant declaredAt, List<Window> windows, Duration exposure) {
	}

	record CustomerIncidents(String customerId, String customerName, List<CustomerIncident> incidents) {
	}

	@GetMapping("/api/incidents/{incidentId}/impact")
	IncidentImpact impact(@PathVariable String incidentId) {
		IncidentState state = this.readModels.summary(incidentId).orElseThrow(() -> new IncidentNotFound(incidentId));
		ImpactEstimates.Estimate estimate = ImpactEstimates.estimate(state.impacts(),
				this.contracts.of(this.readModels.customersOf(state.impacts()), null), this.clock.instant());
		return new IncidentImpact(incidentId, state.version(), state.impacts().stream().map(Window::of).toList(),
				estimate.customers()
					.stream()
					.map((c) -> new Customer(c.customerId(), c.customerName(), c.services(), c.regions(),
							c.activeUsers(), c.estimatedAffectedUsers(), c.exposure()))
					.toList(),
				new Total(estimate.total().low(), estimate.total().high(), "FOOTPRINT"), estimate.reported());
	}

	@GetMapping("/api/customers/{customerId}/incidents")
	CustomerIncidents customerIncidents(@PathVariable String customerId, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		Instant fromTime = instant("from", from);
		Instant toTime = instant("to", to);
		List<ContractVersion> versions = this.contracts.of(customerId, null);
		if (versions.isEmpty()) {
			throw new CustomerNotFound(customerId);
		}
		Coverage coverage = Coverage.of(versions);
		Instant now = this.clock.instant();
		List<CustomerIncident> incidents = new ArrayList<>();
		Set<String> components = new TreeSet<>();
		versions.forEach((version) -> components.addAll(Components.of(version.terms())));
		this.readModels.summaries(this.readModels.touching(components, fromTime, toTime), (state) -> {
			List<ImpactWindow> hit = ImpactEstimates.affecting(customerId, coverage, state.impacts(), now)
				.stream()
				.filter((window) -> (toTime == null || window.startedAt().isBefore(toTime))
						&& (fromTime == null || window.endedAt() == null || window.endedAt().isAfter(fromTime)))
				.toList();
			if (!hit.isEmpty()) {
				incidents.add(new CustomerIncident(state.incidentId(), state.version(), state.title(),
						String.valueOf(state.severity()), String.valueOf(state.status()), state.declaredAt(),
						hit.stream().map(Window::of).toList(), ImpactEstimates.exposure(hit, now)));
			}
			return !hit.isEmpty();
		});
		incidents
			.sort(Comparator.comparing(CustomerIncident::declaredAt, Comparator.nullsLast(Comparator.reverseOrder()))
				.thenComparing(CustomerIncident::incidentId));
		return new CustomerIncidents(customerId, coverage.customerName(), incidents);
	}

	private static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidQuery(name,
					name + " must be an ISO-8601 UTC time such as 2021-12-01T00:00:00Z (got " + value + ")");
		}
	}

}
