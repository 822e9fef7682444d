package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.SlaMeasurement;

/**
 * The SLA credit report of a month, as {@code sla-credits.md} shows it: decimals as
 * strings, downtime in seconds and as an ISO-8601 duration.
 */
record CreditReport(String month, Instant asOf, Instant knownAt, List<Line> lines, List<Total> totals) {

	record Line(String customerId, String customerName, String service, SlaMeasurement measurement,
			BigDecimal downtimeSeconds, Duration downtime,
			@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal uptimePercent,
			@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal creditPercent, Money monthlyFee, Money creditAmount,
			boolean provisional, List<Window> windows) {

		static Line of(CreditLine line) {
			return new Line(line.customerId(), line.customerName(), line.service(), line.measurement(),
					BigDecimal.valueOf(line.downtimeMillis(), 3)
						.stripTrailingZeros()
						.setScale(
								Math.max(0, BigDecimal.valueOf(line.downtimeMillis(), 3).stripTrailingZeros().scale())),
					Duration.ofMillis(line.downtimeMillis()), line.uptimePercent(),
					line.creditPercent()
						.stripTrailingZeros()
						.setScale(Math.max(0, line.creditPercent().stripTrailingZeros().scale())),
					line.monthlyFee(), line.creditAmount(), line.provisional(),
					line.windows().stream().map(Window::of).toList());
		}

	}

	record Window(String incidentId, String impactId, String region, Instant from, Instant to, Duration counted) {

		static Window of(CreditLine.Counted counted) {
			return new Window(counted.incidentId(), counted.impactId(), counted.region(), counted.from(), counted.to(),
					counted.counted());
		}

	}

	record Total(String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal creditAmount) {
	}

}
