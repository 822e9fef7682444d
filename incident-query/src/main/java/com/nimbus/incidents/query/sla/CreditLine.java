package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.SlaMeasurement;

/**
 * The credit owed to one customer for one service in one month, and why.
 *
 * @param downtimeMillis the length of the union of the downtime windows
 * ({@code AVAILABILITY}), or the time the error rate was above zero ({@code ERROR_RATE})
 * @param uptimePercent rounded half-even to four decimals, for display; tiers were
 * compared with the exact value
 * @param provisional a window it counted had not ended by {@code asOf}
 */
public record CreditLine(String customerId, String customerName, String service, SlaMeasurement measurement,
		long downtimeMillis, BigDecimal uptimePercent, BigDecimal creditPercent, Money monthlyFee, Money creditAmount,
		boolean provisional, List<Counted> windows) {

	public CreditLine {
		windows = List.copyOf(windows);
	}

	/**
	 * A window the line looked at, clipped to the month, the contract and {@code asOf}.
	 *
	 * @param counted how long of it counted: as downtime, or with an error rate above
	 * zero
	 */
	public record Counted(String incidentId, String impactId, String region, Instant from, Instant to,
			Duration counted) {
	}

}
