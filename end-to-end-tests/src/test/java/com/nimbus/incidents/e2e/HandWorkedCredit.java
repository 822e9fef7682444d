package com.nimbus.incidents.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/**
 * One credit line worked out from the rules of {@code sla-credits.md}, apart from the
 * query service's own arithmetic, for an {@code AVAILABILITY} contract and one window
 * whose level is one of its downtime levels: the window clipped to the month is the
 * downtime; {@code uptimePercent = 100 × (month − downtime) / month}, reported half-even
 * to 4 decimals; the tier is the one with the smallest {@code below} that the exact
 * uptime is under; the credit is the fee × percent / 100, half-even to the cent, never
 * more than the fee. Exact decimals throughout.
 *
 * @param from the window's start, clipped to the month
 * @param to the window's end, clipped to the month
 */
record HandWorkedCredit(Instant from, Instant to, long downtimeSeconds, String downtime, String uptimePercent,
		String creditPercent, String creditAmount) {

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	/**
	 * A tier of the contract, as its JSON carries it.
	 */
	record Tier(String below, String creditPercent) {

	}

	static HandWorkedCredit of(Instant startedAt, Instant endedAt, YearMonth month, String monthlyFee,
			List<Tier> tiers) {
		Instant monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant from = startedAt.isBefore(monthStart) ? monthStart : startedAt;
		Instant to = endedAt.isAfter(monthEnd) ? monthEnd : endedAt;
		long downtime = Math.max(0, Duration.between(from, to).getSeconds());
		BigDecimal monthSeconds = BigDecimal.valueOf(Duration.between(monthStart, monthEnd).getSeconds());
		// 100 × (month − downtime): uptime < below exactly when this < below × month
		BigDecimal upScaled = HUNDRED.multiply(monthSeconds.subtract(BigDecimal.valueOf(downtime)));
		String uptime = upScaled.divide(monthSeconds, 4, RoundingMode.HALF_EVEN).toPlainString();
		String percent = tiers.stream()
			.filter((tier) -> upScaled.compareTo(new BigDecimal(tier.below()).multiply(monthSeconds)) < 0)
			.min(Comparator.comparing((Tier tier) -> new BigDecimal(tier.below())))
			.map(Tier::creditPercent)
			.orElse("0");
		BigDecimal fee = new BigDecimal(monthlyFee);
		BigDecimal credit = fee.multiply(new BigDecimal(percent))
			.divide(HUNDRED)
			.setScale(2, RoundingMode.HALF_EVEN)
			.min(fee);
		return new HandWorkedCredit(from, to, downtime, Duration.ofSeconds(downtime).toString(), uptime, percent,
				credit.toPlainString());
	}

}
