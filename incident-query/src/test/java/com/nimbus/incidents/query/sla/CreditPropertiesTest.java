package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.SlaTerms;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static com.nimbus.incidents.query.sla.Terms.availability;
import static com.nimbus.incidents.query.sla.Terms.errorRate;
import static com.nimbus.incidents.query.sla.Terms.service;
import static com.nimbus.incidents.query.sla.Terms.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the credit rules over thousands of generated windows, for both
 * measurements.
 */
class CreditPropertiesTest {

	private static final YearMonth MONTH = YearMonth.of(2021, 12);

	private static final Instant AROUND = Instant.parse("2021-11-25T00:00:00Z");

	private static final Instant AS_OF = Instant.parse("2022-01-10T00:00:00Z");

	@Provide
	Arbitrary<CreditWindow> windows() {
		Arbitrary<Long> start = Arbitraries.longs().between(0, Duration.ofDays(45).toMillis());
		Arbitrary<Long> length = Arbitraries.longs().between(1, Duration.ofDays(3).toMillis());
		Arbitrary<ImpactLevel> level = Arbitraries.of(ImpactLevel.class);
		Arbitrary<BigDecimal> rate = Arbitraries.integers()
			.between(0, 100)
			.map((percent) -> BigDecimal.valueOf(percent, 2))
			.injectNull(0.3);
		Arbitrary<Boolean> open = Arbitraries.of(true, false, false, false, false);
		Arbitrary<String> region = Arbitraries.of("east", "west");
		return Combinators.combine(start, length, level, rate, open, region).as((from, span, lvl, r, isOpen, where) -> {
			Instant begin = AROUND.plusMillis(from);
			return new CreditWindow("INC-P", "w" + from, "svc", where, lvl, r, begin,
					isOpen ? null : begin.plusMillis(span), List.of());
		});
	}

	@Provide
	Arbitrary<List<CreditWindow>> windowLists() {
		return windows().list().ofMaxSize(8);
	}

	@Provide
	Arbitrary<SlaTerms> slas() {
		return Arbitraries.of(errorRate(), availability(null, ImpactLevel.MAJOR_OUTAGE),
				availability("0.25", ImpactLevel.MAJOR_OUTAGE, ImpactLevel.PARTIAL_OUTAGE), availability("0.5"));
	}

	private static CreditLine line(SlaTerms sla, List<CreditWindow> windows) {
		return CreditRules
			.lines(MONTH, AS_OF,
					List.of(version("c", 0, "2021-01-01T00:00:00Z",
							service("svc", "1234.56", "USD", sla, "east", "west"))),
					windows)
			.get(0);
	}

	@Property(tries = 2000)
	void uptimeNeverLeaves0To100(@ForAll("slas") SlaTerms sla, @ForAll("windowLists") List<CreditWindow> windows) {
		CreditLine line = line(sla, windows);
		assertThat(line.uptimePercent()).isBetween(BigDecimal.ZERO, new BigDecimal("100"));
		assertThat(line.downtimeMillis()).isBetween(0L, Duration.ofDays(31).toMillis());
		assertThat(line.creditAmount().amount()).isBetween(BigDecimal.ZERO, line.monthlyFee().amount());
	}

	@Property(tries = 2000)
	void addingDowntimeNeverLowersTheCredit(@ForAll("slas") SlaTerms sla,
			@ForAll("windowLists") List<CreditWindow> windows, @ForAll("windows") CreditWindow more) {
		CreditLine before = line(sla, windows);
		List<CreditWindow> worse = new ArrayList<>(windows);
		worse.add(more);
		CreditLine after = line(sla, worse);
		assertThat(after.uptimePercent()).isLessThanOrEqualTo(before.uptimePercent());
		assertThat(after.creditPercent()).isGreaterThanOrEqualTo(before.creditPercent());
		assertThat(after.creditAmount().amount()).isGreaterThanOrEqualTo(before.creditAmount().amount());
	}

	@Property(tries = 2000)
	void splittingAWindowInTwoNeverChangesTheResult(@ForAll("slas") SlaTerms sla,
			@ForAll("windowLists") List<CreditWindow> others, @ForAll("windows") CreditWindow window,
			@ForAll double at) {
		Instant end = (window.endedAt() != null) ? window.endedAt() : window.startedAt().plus(Duration.ofHours(5));
		CreditWindow whole = new CreditWindow(window.incidentId(), window.impactId(), window.service(), window.region(),
				window.level(), window.errorRate(), window.startedAt(), end, List.of());
		long span = Duration.between(whole.startedAt(), end).toMillis();
		Instant cut = whole.startedAt().plusMillis(Math.max(1, Math.min(span - 1, (long) (Math.abs(at % 1.0) * span))));
		List<CreditWindow> one = new ArrayList<>(others);
		one.add(whole);
		List<CreditWindow> two = new ArrayList<>(others);
		two.add(new CreditWindow(whole.incidentId(), whole.impactId() + "-a", whole.service(), whole.region(),
				whole.level(), whole.errorRate(), whole.startedAt(), cut, List.of()));
		two.add(new CreditWindow(whole.incidentId(), whole.impactId() + "-b", whole.service(), whole.region(),
				whole.level(), whole.errorRate(), cut, end, List.of()));

		CreditLine unsplit = line(sla, one);
		CreditLine split = line(sla, two);
		assertThat(split.downtimeMillis()).isEqualTo(unsplit.downtimeMillis());
		assertThat(split.uptimePercent()).isEqualTo(unsplit.uptimePercent());
		assertThat(split.creditPercent()).isEqualTo(unsplit.creditPercent());
		assertThat(split.creditAmount()).isEqualTo(unsplit.creditAmount());
	}

}
