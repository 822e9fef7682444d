package com.nimbus.incidents.query.incident;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.query.contract.ContractVersion;

/**
 * Incidents and contracts drawn at random from a seed, for comparing the views read by
 * {@code _id} with the same answers computed from every log: windows within a month,
 * across months and still open, ended late, corrected into other months, naming customers
 * or not; contracts amended, adding and dropping services, recorded at various times.
 * Times are whole seconds, as the store keeps milliseconds.
 */
public final class RandomImpacts {

	static final List<String> SERVICES = List.of("compute-api", "object-storage", "console");

	static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");

	private static final Instant FIRST = Instant.parse("2021-02-01T00:00:00Z");

	private static final long SPAN_SECONDS = Duration.ofDays(660).toSeconds();

	private final Random random;

	private final List<String> customers = new ArrayList<>();

	/**
	 * Every incident's log, by incident id.
	 */
	public final Map<String, List<EventEnvelope>> logs = new TreeMap<>();

	/**
	 * Every customer's contract versions, by customer id.
	 */
	public final Map<String, List<ContractVersion>> contracts = new TreeMap<>();

	public RandomImpacts(long seed, int customers, int incidents) {
		this.random = new Random(seed);
		for (int i = 0; i < customers; i++) {
			this.customers.add("cust-" + i);
		}
		this.customers.forEach(this::contract);
		for (int i = 0; i < incidents; i++) {
			String incidentId = String.format("INC-RANDOM%06d", i);
			this.logs.put(incidentId, incident(incidentId));
		}
	}

	public List<String> customers() {
		return List.copyOf(this.customers);
	}

	/**
	 * Writes everything, contracts first or incidents first (the views come out the
	 * same).
	 */
	public ReadModelSeed seed(ReadModelSeed seed) {
		this.logs.forEach((incidentId, log) -> seed.incident(incidentId, log, false));
		this.contracts.forEach((customerId, versions) -> versions.forEach(
				(version) -> seed.contract(customerId, version.sequence(), version.recordedAt(), version.terms())));
		return seed.flush();
	}

	private void contract(String customerId) {
		List<ContractVersion> versions = new ArrayList<>();
		Instant effectiveFrom = instant(Instant.parse("2020-10-01T00:00:00Z"), Duration.ofDays(520));
		Instant recordedAt = instant(effectiveFrom.minus(Duration.ofDays(30)), Duration.ofDays(60));
		int count = 1 + this.random.nextInt(3);
		for (int sequence = 0; sequence < count; sequence++) {
			versions.add(new ContractVersion(customerId, sequence, recordedAt, terms(customerId, effectiveFrom)));
			effectiveFrom = instant(effectiveFrom.plus(Duration.ofDays(10)), Duration.ofDays(300));
			recordedAt = instant(recordedAt.plus(Duration.ofDays(1)), Duration.ofDays(300));
		}
		this.contracts.put(customerId, versions);
	}

	private ContractTerms terms(String customerId, Instant effectiveFrom) {
		List<ServiceTerms> services = new ArrayList<>();
		List<String> offered = new ArrayList<>(SERVICES);
		Collections.shuffle(offered, this.random);
		for (String service : offered.subList(0, 1 + this.random.nextInt(2))) {
			List<String> regions = new ArrayList<>(REGIONS);
			Collections.shuffle(regions, this.random);
			services.add(new ServiceTerms(service, regions.subList(0, 1 + this.random.nextInt(2)),
					new Money(new BigDecimal(100 + this.random.nextInt(20000) + ".00"),
							this.random.nextBoolean() ? "USD" : "EUR"),
					sla()));
		}
		return new ContractTerms(customerId + " Inc.", 1000 + this.random.nextInt(200000), effectiveFrom, services);
	}

	private SlaTerms sla() {
		List<CreditTier> tiers = List.of(new CreditTier(new BigDecimal("99.99"), new BigDecimal("10")),
				new CreditTier(new BigDecimal("99.5"), new BigDecimal("25")),
				new CreditTier(new BigDecimal("97.0"), new BigDecimal("100")));
		if (this.random.nextBoolean()) {
			return new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null, tiers);
		}
		return new SlaTerms(SlaMeasurement.AVAILABILITY,
				this.random.nextBoolean() ? List.of(ImpactLevel.MAJOR_OUTAGE)
						: List.of(ImpactLevel.MAJOR_OUTAGE, ImpactLevel.PARTIAL_OUTAGE),
				this.random.nextBoolean() ? new BigDecimal("0.25") : null, tiers);
	}

	private List<EventEnvelope> incident(String incidentId) {
		Instant declared = instant(FIRST, Duration.ofSeconds(SPAN_SECONDS));
		Log log = new Log(incidentId, declared);
		log.add(declared, new IncidentDeclared("Incident " + incidentId, Severity.SEV2, null,
				DetectionSource.MONITORING, null, List.of(SERVICES.get(0)), List.of(REGIONS.get(0))));
		Map<String, Instant[]> windows = new LinkedHashMap<>();
		int count = 1 + this.random.nextInt(3);
		for (int w = 0; w < count; w++) {
			String impactId = "w" + w;
			Instant start = instant(declared.minus(Duration.ofHours(2)), Duration.ofHours(12));
			Instant end = this.random.nextInt(3) == 0 ? null : start.plus(duration());
			windows.put(impactId, new Instant[] { start, end });
			log.add(log.next(Duration.ofHours(1)), new ImpactReported(impactId, pick(SERVICES), pick(REGIONS), level(),
					errorRate(), start, end, null, named()));
		}
		for (Map.Entry<String, Instant[]> window : windows.entrySet()) {
			Instant start = window.getValue()[0];
			Instant end = window.getValue()[1];
			if (end == null && this.random.nextInt(4) != 0) {
				end = start.plus(duration());
				log.add(later(log, end), new ImpactEnded(window.getKey(), end));
			}
			if (this.random.nextInt(3) == 0) {
				Instant newStart = this.random.nextBoolean() ? null
						: instant(start.minus(Duration.ofDays(40)), Duration.ofDays(80));
				Instant from = (newStart != null) ? newStart : start;
				Instant newEnd = this.random.nextBoolean() ? null : from.plus(duration());
				if (newEnd == null && end != null && !end.isAfter(from)) {
					newEnd = from.plus(duration());
				}
				log.add(later(log, (newEnd != null) ? newEnd : from),
						new ImpactCorrected(window.getKey(), newStart, newEnd,
								this.random.nextBoolean() ? level() : null,
								this.random.nextBoolean() ? errorRate() : null, "corrected"));
			}
		}
		return log.envelopes;
	}

	private Instant later(Log log, Instant notBefore) {
		Instant next = log.next(Duration.ofDays(20));
		return next.isBefore(notBefore) ? notBefore.plus(Duration.ofMinutes(1 + this.random.nextInt(3000))) : next;
	}

	private Duration duration() {
		return switch (this.random.nextInt(4)) {
			case 0 -> Duration.ofMinutes(5 + this.random.nextInt(600));
			case 1 -> Duration.ofHours(1 + this.random.nextInt(72));
			default -> Duration.ofDays(1 + this.random.nextInt(75)).plusMinutes(this.random.nextInt(1440));
		};
	}

	private ImpactLevel level() {
		return ImpactLevel.values()[this.random.nextInt(ImpactLevel.values().length)];
	}

	private BigDecimal errorRate() {
		return this.random.nextBoolean() ? null : BigDecimal.valueOf(1 + this.random.nextInt(100), 2);
	}

	private List<String> named() {
		int pick = this.random.nextInt(10);
		if (pick < 6) {
			return null;
		}
		List<String> named = new ArrayList<>();
		named.add(pick(this.customers));
		if (pick == 9) {
			named.add("someone-without-a-contract");
		}
		return named;
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private Instant instant(Instant from, Duration within) {
		return from.plusSeconds((long) (this.random.nextDouble() * within.toSeconds()));
	}

	/**
	 * An incident's log, each event recorded after the one before.
	 */
	private final class Log {

		private final String incidentId;

		private final List<EventEnvelope> envelopes = new ArrayList<>();

		private Instant last;

		Log(String incidentId, Instant first) {
			this.incidentId = incidentId;
			this.last = first;
		}

		Instant next(Duration within) {
			return instant(this.last.plusSeconds(1), within);
		}

		void add(Instant recordedAt, IncidentEvent payload) {
			this.last = recordedAt;
			this.envelopes.add(EventEnvelope.of("e-" + this.incidentId + "-" + this.envelopes.size(), this.incidentId,
					this.envelopes.size(), recordedAt, recordedAt, "dana@nimbus.example", payload));
		}

	}

}
