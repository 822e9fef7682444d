package com.nimbus.incidents.query.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbus.incidents.events.ServiceTerms;

/**
 * Which terms of a customer's contract were in force when: each version from its
 * {@code effectiveFrom} until the next one (a later version with the same
 * {@code effectiveFrom} replaces the earlier).
 */
public final class Coverage {

	private final List<Period> periods;

	/**
	 * A version and the span it was in force: {@code [from, to)}, {@code to} null for the
	 * current one.
	 */
	public record Period(ContractVersion version, Instant from, Instant to) {

		boolean overlaps(Instant start, Instant end) {
			return (this.to == null || start.isBefore(this.to)) && (end == null || end.isAfter(this.from));
		}

		public Optional<ServiceTerms> covers(String service, String region) {
			return this.version.terms()
				.services()
				.stream()
				.filter((terms) -> terms.service().equals(service) && terms.regions().contains(region))
				.findFirst();
		}

	}

	private Coverage(List<Period> periods) {
		this.periods = periods;
	}

	public static Coverage of(List<ContractVersion> versions) {
		Map<Instant, ContractVersion> byStart = new LinkedHashMap<>();
		versions.stream()
			.sorted(Comparator.comparing(ContractVersion::effectiveFrom).thenComparingLong(ContractVersion::sequence))
			.forEach((version) -> byStart.put(version.effectiveFrom(), version));
		List<ContractVersion> ordered = new ArrayList<>(byStart.values());
		List<Period> periods = new ArrayList<>();
		for (int i = 0; i < ordered.size(); i++) {
			periods.add(new Period(ordered.get(i), ordered.get(i).effectiveFrom(),
					(i + 1 < ordered.size()) ? ordered.get(i + 1).effectiveFrom() : null));
		}
		return new Coverage(periods);
	}

	/**
	 * The periods in force at some time in {@code [start, end)} ({@code end} null: open)
	 * whose terms cover the service in the region, earliest first.
	 */
	public List<Period> covering(String service, String region, Instant start, Instant end) {
		return this.periods.stream()
			.filter((period) -> period.overlaps(start, end) && period.covers(service, region).isPresent())
			.toList();
	}

	public boolean isEmpty() {
		return this.periods.isEmpty();
	}

	public String customerName() {
		return this.periods.get(this.periods.size() - 1).version().terms().customerName();
	}

}
