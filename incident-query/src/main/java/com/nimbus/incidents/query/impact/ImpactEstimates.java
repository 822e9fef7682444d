package com.nimbus.incidents.query.impact;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.query.contract.Coverage;

/**
 * Who an incident hit and how many of their users, by the rules of {@code impact.md}.
 * Pure: windows, contracts and the time open windows run to come in.
 */
final class ImpactEstimates {

	private ImpactEstimates() {
	}

	record AffectedCustomer(String customerId, String customerName, List<String> services, List<String> regions,
			long activeUsers, AffectedUsers estimatedAffectedUsers, Duration exposure, List<String> impactIds) {
	}

	record Estimate(List<AffectedCustomer> customers, AffectedUsers total, AffectedUsers reported) {
	}

	/**
	 * A customer is affected by a window when it holds a contract for the window's
	 * service in the window's region, in force during the window, and the window names no
	 * customers or names this one.
	 */
	static List<ImpactWindow> affecting(String customerId, Coverage coverage, List<ImpactWindow> windows, Instant now) {
		return windows.stream()
			.filter((window) -> window.affectedCustomerIds().isEmpty()
					|| window.affectedCustomerIds().contains(customerId))
			.filter((window) -> !coverage
				.covering(window.service(), window.region(), window.startedAt(), end(window, now))
				.isEmpty())
			.toList();
	}

	static Estimate estimate(List<ImpactWindow> windows, Map<String, List<ContractVersion>> contracts, Instant now) {
		List<AffectedCustomer> customers = new ArrayList<>();
		contracts.forEach((customerId, versions) -> {
			Coverage coverage = Coverage.of(versions);
			List<ImpactWindow> hit = affecting(customerId, coverage, windows, now);
			if (hit.isEmpty()) {
				return;
			}
			// the terms in force last during the customer's windows give its active users
			Instant lastEnd = hit.stream()
				.map((window) -> end(window, now))
				.max(Comparator.naturalOrder())
				.orElseThrow();
			long activeUsers = hit.stream()
				.flatMap((window) -> coverage.covering(window.service(), window.region(), window.startedAt(), lastEnd)
					.stream())
				.max(Comparator.comparing(Coverage.Period::from))
				.orElseThrow()
				.version()
				.terms()
				.activeUsers();
			BigDecimal rate = hit.stream().map(ImpactEstimates::rate).max(Comparator.naturalOrder()).orElseThrow();
			long low = BigDecimal.valueOf(activeUsers).multiply(rate).setScale(0, RoundingMode.FLOOR).longValueExact();
			customers.add(new AffectedCustomer(customerId, coverage.customerName(),
					List.copyOf(new TreeSet<>(hit.stream().map(ImpactWindow::service).toList())),
					List.copyOf(new TreeSet<>(hit.stream().map(ImpactWindow::region).toList())), activeUsers,
					new AffectedUsers(low, activeUsers), exposure(hit, now),
					hit.stream().map(ImpactWindow::impactId).toList()));
		});
		customers.sort(Comparator.comparing(AffectedCustomer::customerId));
		AffectedUsers total = new AffectedUsers(
				customers.stream().mapToLong((customer) -> customer.estimatedAffectedUsers().low()).sum(),
				customers.stream().mapToLong((customer) -> customer.estimatedAffectedUsers().high()).sum());
		List<AffectedUsers> reported = windows.stream()
			.map(ImpactWindow::estimatedAffectedUsers)
			.filter(java.util.Objects::nonNull)
			.toList();
		AffectedUsers reportedTotal = reported.isEmpty() ? null
				: new AffectedUsers(reported.stream().mapToLong(AffectedUsers::low).sum(),
						reported.stream().mapToLong(AffectedUsers::high).sum());
		return new Estimate(customers, total, reportedTotal);
	}

	/**
	 * The share of users a window hits: its error rate, or 1.0 for a major outage, 0.5
	 * for a partial one, 0.1 for degraded performance.
	 */
	static BigDecimal rate(ImpactWindow window) {
		if (window.errorRate() != null) {
			return window.errorRate();
		}
		return (window.level() == ImpactLevel.MAJOR_OUTAGE) ? BigDecimal.ONE
				: (window.level() == ImpactLevel.PARTIAL_OUTAGE) ? new BigDecimal("0.5") : new BigDecimal("0.1");
	}

	/**
	 * The length of the union of the windows; open ones run to {@code now}.
	 */
	static Duration exposure(List<ImpactWindow> windows, Instant now) {
		Map<Instant, Instant> spans = new LinkedHashMap<>();
		windows.stream()
			.sorted(Comparator.comparing(ImpactWindow::startedAt))
			.forEach((window) -> spans.merge(window.startedAt(), end(window, now), (a, b) -> a.isAfter(b) ? a : b));
		Duration total = Duration.ZERO;
		Instant coveredTo = Instant.MIN;
		for (Map.Entry<Instant, Instant> span : spans.entrySet()) {
			Instant from = span.getKey().isAfter(coveredTo) ? span.getKey() : coveredTo;
			if (span.getValue().isAfter(from)) {
				total = total.plus(Duration.between(from, span.getValue()));
			}
			if (span.getValue().isAfter(coveredTo)) {
				coveredTo = span.getValue();
			}
		}
		return total;
	}

	private static Instant end(ImpactWindow window, Instant now) {
		return (window.endedAt() != null) ? window.endedAt() : now;
	}

}
