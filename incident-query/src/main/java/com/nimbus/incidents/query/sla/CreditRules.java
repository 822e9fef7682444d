package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.TreeSet;

import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;

/**
 * The service-credit rules of {@code sla-credits.md}, exactly: decimal arithmetic only,
 * no floating point, tiers compared without rounding, money rounded half-even to the
 * currency's minor unit. Pure: the caller supplies the contract versions and windows as
 * known at {@code knownAt}, and {@code asOf}.
 * <p>
 * Where the spec is silent: the terms in force at the start of the month govern the whole
 * month (an amendment effective mid-month governs from the next month), except that a
 * contract that begins during the month is governed by its first terms; every window is
 * clipped to {@code asOf}, so a report shows the month as it stood then.
 */
public final class CreditRules {

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private CreditRules() {
	}

	/**
	 * The lines of one customer for one month: one per service its governing terms cover.
	 * @param versions the customer's contract versions known at {@code knownAt}
	 * @param windows every impact window known at {@code knownAt}
	 */
	public static List<CreditLine> lines(YearMonth month, Instant asOf, List<ContractVersion> versions,
			List<CreditWindow> windows) {
		if (versions.isEmpty()) {
			return List.of();
		}
		Instant monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		List<ContractVersion> ordered = versions.stream()
			.sorted(Comparator.comparing(ContractVersion::effectiveFrom).thenComparingLong(ContractVersion::sequence))
			.toList();
		Instant contractStart = ordered.get(0).effectiveFrom();
		if (!contractStart.isBefore(monthEnd)) {
			return List.of();
		}
		Instant governedAt = contractStart.isAfter(monthStart) ? contractStart : monthStart;
		ContractVersion governing = ordered.stream()
			.filter((version) -> !version.effectiveFrom().isAfter(governedAt))
			.reduce((earlier, later) -> later)
			.orElseThrow();
		Period period = new Period(governedAt, min(monthEnd, asOf), Duration.between(monthStart, monthEnd).toMillis());
		List<CreditLine> lines = new ArrayList<>();
		for (ServiceTerms service : governing.terms().services()) {
			lines.add(line(governing.customerId(), governing.terms(), service, period, windows));
		}
		return lines;
	}

	/**
	 * The part of the month a line looks at: from the later of the month's and the
	 * contract's start to the earlier of the month's end and {@code asOf}.
	 *
	 * @param monthMillis the whole month's length, the denominator of the uptime
	 */
	record Period(Instant from, Instant to, long monthMillis) {
	}

	private record Clipped(CreditWindow window, long from, long to, BigDecimal rate, boolean down) {

		long length() {
			return this.to - this.from;
		}

	}

	static CreditLine line(String customerId, ContractTerms terms, ServiceTerms service, Period period,
			List<CreditWindow> windows) {
		SlaTerms sla = service.sla();
		List<Clipped> relevant = new ArrayList<>();
		boolean provisional = false;
		for (CreditWindow window : windows) {
			if (!window.service().equals(service.service()) || !service.regions().contains(window.region())
					|| !window.concerns(customerId)) {
				continue;
			}
			Instant end = (window.endedAt() != null) ? window.endedAt() : period.to();
			long from = Math.max(window.startedAt().toEpochMilli(), period.from().toEpochMilli());
			long to = Math.min(end.toEpochMilli(), period.to().toEpochMilli());
			if (to <= from) {
				continue;
			}
			provisional |= window.endedAt() == null;
			BigDecimal rate = errorRate(window);
			boolean down = (sla.measurement() == SlaMeasurement.AVAILABILITY) ? isDowntime(sla, window)
					: rate.signum() > 0;
			relevant.add(new Clipped(window, from, to, rate, down));
		}
		relevant.sort(Comparator.comparingLong(Clipped::from).thenComparing((c) -> c.window().impactId()));
		long downtime;
		BigDecimal lost;
		if (sla.measurement() == SlaMeasurement.AVAILABILITY) {
			downtime = unionLength(relevant.stream().filter(Clipped::down).toList());
			lost = BigDecimal.valueOf(downtime);
		}
		else {
			Sweep sweep = sweep(relevant);
			downtime = sweep.positiveMillis();
			lost = sweep.integral();
		}
		BigDecimal month = BigDecimal.valueOf(period.monthMillis());
		// uptime% = 100 * (month - lost) / month, kept as that exact ratio for the tiers
		BigDecimal scaledUptime = HUNDRED.multiply(month.subtract(lost));
		BigDecimal creditPercent = creditPercent(sla.tiers(), scaledUptime, month);
		BigDecimal uptimePercent = scaledUptime.divide(month, 4, RoundingMode.HALF_EVEN);
		List<CreditLine.Counted> counted = relevant.stream()
			.map((c) -> new CreditLine.Counted(c.window().incidentId(), c.window().impactId(), c.window().region(),
					Instant.ofEpochMilli(c.from()), Instant.ofEpochMilli(c.to()),
					Duration.ofMillis(c.down() ? c.length() : 0)))
			.toList();
		return new CreditLine(customerId, terms.customerName(), service.service(), sla.measurement(), downtime,
				uptimePercent, creditPercent, service.monthlyFee(), credit(service.monthlyFee(), creditPercent),
				provisional, counted);
	}

	/**
	 * The tier with the smallest {@code below} that the uptime is under, compared
	 * exactly: {@code uptime < below} is {@code 100 (month - lost) < below * month}.
	 */
	static BigDecimal creditPercent(List<CreditTier> tiers, BigDecimal scaledUptime, BigDecimal month) {
		return tiers.stream()
			.filter((tier) -> scaledUptime.compareTo(tier.below().multiply(month)) < 0)
			.min(Comparator.comparing(CreditTier::below))
			.map(CreditTier::creditPercent)
			.orElse(BigDecimal.ZERO);
	}

	/**
	 * The fee times the percentage, rounded half-even to the currency's minor unit, never
	 * more than the fee.
	 */
	static Money credit(Money fee, BigDecimal creditPercent) {
		int digits = Math.max(0, Currency.getInstance(fee.currency()).getDefaultFractionDigits());
		BigDecimal amount = fee.amount()
			.multiply(creditPercent)
			.divide(HUNDRED)
			.setScale(digits, RoundingMode.HALF_EVEN)
			.min(fee.amount().setScale(Math.max(digits, fee.amount().scale()), RoundingMode.UNNECESSARY));
		return new Money(amount.setScale(digits, RoundingMode.HALF_EVEN), fee.currency());
	}

	/**
	 * {@code AVAILABILITY}: down when its level is a downtime level, or its error rate is
	 * at or above the downtime error rate (when set).
	 */
	static boolean isDowntime(SlaTerms sla, CreditWindow window) {
		return sla.downtimeLevels().contains(window.level()) || (sla.downtimeErrorRate() != null
				&& window.errorRate() != null && window.errorRate().compareTo(sla.downtimeErrorRate()) >= 0);
	}

	/**
	 * {@code ERROR_RATE}: a window's error rate, or 1.0 for a major outage, 0.5 for a
	 * partial one and 0 for degraded performance when it has none.
	 */
	static BigDecimal errorRate(CreditWindow window) {
		if (window.errorRate() != null) {
			return window.errorRate();
		}
		return (window.level() == ImpactLevel.MAJOR_OUTAGE) ? BigDecimal.ONE
				: (window.level() == ImpactLevel.PARTIAL_OUTAGE) ? new BigDecimal("0.5") : BigDecimal.ZERO;
	}

	private static long unionLength(List<Clipped> windows) {
		long total = 0;
		long coveredTo = Long.MIN_VALUE;
		for (Clipped window : windows.stream().sorted(Comparator.comparingLong(Clipped::from)).toList()) {
			long from = Math.max(window.from(), coveredTo);
			if (window.to() > from) {
				total += window.to() - from;
			}
			coveredTo = Math.max(coveredTo, window.to());
		}
		return total;
	}

	private record Sweep(BigDecimal integral, long positiveMillis) {
	}

	/**
	 * The error rate at each instant is the highest of the windows covering it: integrate
	 * it over the segments between window boundaries.
	 */
	private static Sweep sweep(List<Clipped> windows) {
		TreeSet<Long> boundaries = new TreeSet<>();
		windows.forEach((window) -> {
			boundaries.add(window.from());
			boundaries.add(window.to());
		});
		BigDecimal integral = BigDecimal.ZERO;
		long positive = 0;
		Long previous = null;
		for (long boundary : boundaries) {
			if (previous != null) {
				long from = previous;
				BigDecimal rate = windows.stream()
					.filter((window) -> window.from() <= from && window.to() >= boundary)
					.map(Clipped::rate)
					.max(Comparator.naturalOrder())
					.orElse(BigDecimal.ZERO);
				if (rate.signum() > 0) {
					integral = integral.add(rate.multiply(BigDecimal.valueOf(boundary - from)));
					positive += boundary - from;
				}
			}
			previous = boundary;
		}
		return new Sweep(integral, positive);
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
