package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.query.contract.ContractVersion;
import org.junit.jupiter.api.Test;

import static com.nimbus.incidents.query.sla.Terms.availability;
import static com.nimbus.incidents.query.sla.Terms.errorRate;
import static com.nimbus.incidents.query.sla.Terms.service;
import static com.nimbus.incidents.query.sla.Terms.version;
import static com.nimbus.incidents.query.sla.Terms.window;
import static org.assertj.core.api.Assertions.assertThat;

class CreditRulesTest {

	private static final YearMonth DECEMBER = YearMonth.of(2021, 12);

	private static final YearMonth NOVEMBER = YearMonth.of(2021, 11);

	private static final Instant LATER = Instant.parse("2022-06-01T00:00:00Z");

	private static CreditLine only(YearMonth month, Instant asOf, ContractVersion contract, CreditWindow... windows) {
		List<CreditLine> lines = CreditRules.lines(month, asOf, List.of(contract), List.of(windows));
		assertThat(lines).hasSize(1);
		return lines.get(0);
	}

	/**
	 * The scenario, December 2021 (31 days = 2,678,400 s), worked out by hand:
	 * <ul>
	 * <li>acme, object-storage (ERROR_RATE, us-east-1 and us-west-2): storage-use1 at 0.3
	 * from 15:32 to 21:34 = 21,720 s; integral 0.3 x 21,720 = 6,516 s; uptime 100 x
	 * (2,678,400 - 6,516) / 2,678,400 = 99.756720... -> 99.7567; under 99.9 only: 10% of
	 * 12,000.00 = 1,200.00 USD.</li>
	 * <li>globex, compute-api (AVAILABILITY, MAJOR_OUTAGE or error rate >= 0.25,
	 * us-east-1): compute-use1 at 0.4 counts, 15:30 to 00:28 = 32,280 s; uptime
	 * 98.794803... -> 98.7948; under 99.99 and 99.0, the smallest is 99.0: 30% of
	 * 30,500.00 = 9,150.00 USD. The console (MAJOR) is another service.</li>
	 * <li>globex, object-storage in eu-west-1 and initech, compute-api in us-west-2: no
	 * window; 100.0000, nothing owed.</li>
	 * </ul>
	 */
	@Test
	void theScenarioDecember2021() {
		List<CreditWindow> windows = List.of(
				window("console-use1", "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-07T15:30:00Z",
						"2021-12-07T22:22:00Z"),
				window("compute-use1", "compute-api", "us-east-1", ImpactLevel.PARTIAL_OUTAGE, "0.4",
						"2021-12-07T15:30:00Z", "2021-12-08T00:28:00Z"),
				window("storage-use1", "object-storage", "us-east-1", ImpactLevel.PARTIAL_OUTAGE, "0.3",
						"2021-12-07T15:32:00Z", "2021-12-07T21:34:00Z"));
		Instant asOf = Instant.parse("2022-01-03T00:00:00Z");

		CreditLine acme = CreditRules
			.lines(DECEMBER, asOf,
					List.of(version("acme", 0, "2021-01-01T00:00:00Z",
							service("object-storage", "12000.00", "USD", errorRate(), "us-east-1", "us-west-2"))),
					windows)
			.get(0);
		assertThat(acme.downtimeMillis()).isEqualTo(21_720_000);
		assertThat(acme.uptimePercent()).isEqualTo(new BigDecimal("99.7567"));
		assertThat(acme.creditPercent()).isEqualTo(new BigDecimal("10"));
		assertThat(acme.creditAmount()).isEqualTo(new Money(new BigDecimal("1200.00"), "USD"));
		assertThat(acme.provisional()).isFalse();
		assertThat(acme.windows()).singleElement().satisfies((counted) -> {
			assertThat(counted.impactId()).isEqualTo("storage-use1");
			assertThat(counted.counted()).isEqualTo(Duration.parse("PT6H2M"));
		});

		List<CreditLine> globex = CreditRules.lines(DECEMBER, asOf,
				List.of(version("globex", 0, "2021-06-01T00:00:00Z",
						service("compute-api", "30500.00", "USD", availability("0.25", ImpactLevel.MAJOR_OUTAGE),
								"us-east-1"),
						service("object-storage", "800.00", "EUR", errorRate(), "eu-west-1"))),
				windows);
		assertThat(globex.get(0).downtimeMillis()).isEqualTo(32_280_000);
		assertThat(globex.get(0).uptimePercent()).isEqualTo(new BigDecimal("98.7948"));
		assertThat(globex.get(0).creditPercent()).isEqualTo(new BigDecimal("30"));
		assertThat(globex.get(0).creditAmount()).isEqualTo(new Money(new BigDecimal("9150.00"), "USD"));
		assertThat(globex.get(1).uptimePercent()).isEqualTo(new BigDecimal("100.0000"));
		assertThat(globex.get(1).creditAmount()).isEqualTo(new Money(new BigDecimal("0.00"), "EUR"));
		assertThat(globex.get(1).windows()).isEmpty();

		CreditLine initech = CreditRules
			.lines(DECEMBER, asOf, List.of(version("initech", 0, "2021-03-01T00:00:00Z", service("compute-api",
					"4200.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "us-west-2"))), windows)
			.get(0);
		assertThat(initech.creditPercent()).isEqualByComparingTo("0");
		assertThat(initech.creditAmount()).isEqualTo(new Money(new BigDecimal("0.00"), "USD"));
	}

	/**
	 * November 2021 has 2,592,000 s. 259.2 s down is exactly 99.99%: not below 99.99, so
	 * no credit; 25,920 s down is exactly 99.0%: not below 99.0, so the 10% tier above.
	 */
	@Test
	void exactlyAtAThresholdDoesNotReachThatTier() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));

		CreditLine at9999 = only(NOVEMBER, LATER, contract, window("a", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE,
				null, "2021-11-10T00:00:00Z", "2021-11-10T00:04:19.200Z"));
		assertThat(at9999.uptimePercent()).isEqualTo(new BigDecimal("99.9900"));
		assertThat(at9999.creditPercent()).isEqualByComparingTo("0");

		CreditLine justUnder = only(NOVEMBER, LATER, contract, window("a", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE,
				null, "2021-11-10T00:00:00Z", "2021-11-10T00:04:19.201Z"));
		assertThat(justUnder.uptimePercent()).isEqualTo(new BigDecimal("99.9900"));
		assertThat(justUnder.creditPercent()).isEqualByComparingTo("10");

		CreditLine at99 = only(NOVEMBER, LATER, contract, window("a", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE,
				null, "2021-11-10T00:00:00Z", "2021-11-10T07:12:00Z"));
		assertThat(at99.uptimePercent()).isEqualTo(new BigDecimal("99.0000"));
		assertThat(at99.creditPercent()).isEqualByComparingTo("10");
	}

	@Test
	void aWindowAcrossAMonthBoundaryCountsInEachMonthForItsPart() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		CreditWindow acrossMidnight = window("a", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null,
				"2021-11-30T23:00:00Z", "2021-12-01T02:00:00Z");

		assertThat(only(NOVEMBER, LATER, contract, acrossMidnight).downtimeMillis()).isEqualTo(3_600_000);
		CreditLine december = only(DECEMBER, LATER, contract, acrossMidnight);
		assertThat(december.downtimeMillis()).isEqualTo(7_200_000);
		assertThat(december.windows().get(0).from()).isEqualTo(Instant.parse("2021-12-01T00:00:00Z"));
	}

	@Test
	void anOpenWindowRunsToAsOfAndMakesTheLineProvisional() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		CreditWindow open = window("a", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-07T15:30:00Z",
				null);

		CreditLine line = only(DECEMBER, Instant.parse("2021-12-07T17:30:00Z"), contract, open);

		assertThat(line.provisional()).isTrue();
		assertThat(line.downtimeMillis()).isEqualTo(7_200_000);
		assertThat(only(DECEMBER, LATER, contract, open).downtimeMillis())
			.isEqualTo(Duration.between(Instant.parse("2021-12-07T15:30:00Z"), Instant.parse("2022-01-01T00:00:00Z"))
				.toMillis());
	}

	@Test
	void overlappingWindowsAcrossIncidentsAndRegionsAreCountedOnce() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "east", "west"));
		CreditLine line = only(DECEMBER, LATER, contract,
				window("a", "compute-api", "east", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-07T10:00:00Z",
						"2021-12-07T12:00:00Z"),
				window("b", "compute-api", "west", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-07T11:00:00Z",
						"2021-12-07T13:00:00Z"),
				window("c", "compute-api", "east", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-07T11:30:00Z",
						"2021-12-07T11:45:00Z"));
		assertThat(line.downtimeMillis()).isEqualTo(3 * 3_600_000);
		assertThat(line.windows()).hasSize(3);

		ContractVersion errorRated = version("c", 0, "2021-01-01T00:00:00Z",
				service("object-storage", "1000.00", "USD", errorRate(), "east", "west"));
		CreditLine rated = only(DECEMBER, LATER, errorRated,
				window("a", "object-storage", "east", ImpactLevel.PARTIAL_OUTAGE, "0.2", "2021-12-07T10:00:00Z",
						"2021-12-07T12:00:00Z"),
				window("b", "object-storage", "west", ImpactLevel.PARTIAL_OUTAGE, "0.6", "2021-12-07T11:00:00Z",
						"2021-12-07T13:00:00Z"));
		// 10-11 at 0.2, 11-13 at 0.6 (the highest): 720 + 4320 = 5040 s of the 2,678,400
		assertThat(rated.downtimeMillis()).isEqualTo(3 * 3_600_000);
		assertThat(rated.uptimePercent()).isEqualTo(new BigDecimal("99.8118"));
	}

	@Test
	void aLeapYearFebruaryHas29Days() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		CreditLine line = only(YearMonth.of(2024, 2), LATER.plus(Duration.ofDays(1000)), contract, window("a",
				"compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null, "2024-02-29T10:00:00Z", "2024-02-29T11:00:00Z"));
		// 100 * (2,505,600 - 3,600) / 2,505,600 = 99.856321...
		assertThat(line.uptimePercent()).isEqualTo(new BigDecimal("99.8563"));
	}

	@Test
	void aContractThatStartsMidMonthCountsOnlyFromItsStart() {
		ContractVersion contract = version("c", 0, "2021-12-15T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		CreditLine line = only(DECEMBER, LATER, contract,
				window("before", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-10T00:00:00Z",
						"2021-12-10T05:00:00Z"),
				window("across", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-14T23:00:00Z",
						"2021-12-15T01:00:00Z"));
		assertThat(line.downtimeMillis()).isEqualTo(3_600_000);
		assertThat(line.windows()).extracting(CreditLine.Counted::impactId).containsExactly("across");
		assertThat(CreditRules.lines(NOVEMBER, LATER, List.of(contract), List.of())).isEmpty();
	}

	@Test
	void aFeeRoundsHalfEvenAtHalfACent() {
		assertThat(CreditRules.credit(new Money(new BigDecimal("0.05"), "USD"), new BigDecimal("10")).amount())
			.isEqualTo(new BigDecimal("0.00"));
		assertThat(CreditRules.credit(new Money(new BigDecimal("0.15"), "USD"), new BigDecimal("10")).amount())
			.isEqualTo(new BigDecimal("0.02"));
		assertThat(CreditRules.credit(new Money(new BigDecimal("0.25"), "USD"), new BigDecimal("10")).amount())
			.isEqualTo(new BigDecimal("0.02"));
		assertThat(CreditRules.credit(new Money(new BigDecimal("1005"), "JPY"), new BigDecimal("10")).amount())
			.isEqualTo(new BigDecimal("100"));
		assertThat(CreditRules.credit(new Money(new BigDecimal("99.99"), "EUR"), new BigDecimal("100")).amount())
			.isEqualTo(new BigDecimal("99.99"));
	}

	@Test
	void aWindowNamingCustomersCountsOnlyForThem() {
		ContractVersion contract = version("acme", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		CreditWindow forGlobex = window("a", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-07T10:00:00Z",
				"2021-12-07T11:00:00Z", "globex");
		CreditWindow forAcme = window("b", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-08T10:00:00Z",
				"2021-12-08T11:00:00Z", "globex", "acme");

		assertThat(only(DECEMBER, LATER, contract, forGlobex, forAcme).windows())
			.extracting(CreditLine.Counted::impactId)
			.containsExactly("b");
	}

	@Test
	void availabilityCountsDowntimeLevelsAndErrorRatesAtOrAboveTheThreshold() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability("0.25", ImpactLevel.MAJOR_OUTAGE), "r"));
		CreditLine line = only(DECEMBER, LATER, contract,
				window("major", "compute-api", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-01T00:00:00Z",
						"2021-12-01T01:00:00Z"),
				window("at", "compute-api", "r", ImpactLevel.PARTIAL_OUTAGE, "0.25", "2021-12-02T00:00:00Z",
						"2021-12-02T01:00:00Z"),
				window("below", "compute-api", "r", ImpactLevel.PARTIAL_OUTAGE, "0.24", "2021-12-03T00:00:00Z",
						"2021-12-03T01:00:00Z"),
				window("unrated", "compute-api", "r", ImpactLevel.DEGRADED_PERFORMANCE, null, "2021-12-04T00:00:00Z",
						"2021-12-04T01:00:00Z"));
		assertThat(line.downtimeMillis()).isEqualTo(2 * 3_600_000);
		assertThat(line.windows()).extracting((c) -> c.impactId() + "=" + c.counted())
			.containsExactly("major=PT1H", "at=PT1H", "below=PT0S", "unrated=PT0S");
	}

	@Test
	void errorRateUsesTheLevelWhenAWindowHasNoRate() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("object-storage", "1000.00", "USD", errorRate(), "r"));
		CreditLine line = only(DECEMBER, LATER, contract,
				window("major", "object-storage", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-01T00:00:00Z",
						"2021-12-01T01:00:00Z"),
				window("partial", "object-storage", "r", ImpactLevel.PARTIAL_OUTAGE, null, "2021-12-02T00:00:00Z",
						"2021-12-02T02:00:00Z"),
				window("degraded", "object-storage", "r", ImpactLevel.DEGRADED_PERFORMANCE, null,
						"2021-12-03T00:00:00Z", "2021-12-03T05:00:00Z"));
		// 3600 x 1.0 + 7200 x 0.5 = 7200 s lost; degraded counts 0 and is not downtime
		assertThat(line.downtimeMillis()).isEqualTo(3 * 3_600_000);
		assertThat(line.uptimePercent()).isEqualTo(new BigDecimal("99.7312"));
	}

	@Test
	void theTermsInForceAtTheMonthStartGovernTheMonth() {
		ContractVersion first = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		ContractVersion fromDecember = version("c", 1, "2021-12-01T00:00:00Z",
				service("compute-api", "2000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		ContractVersion midDecember = version("c", 2, "2021-12-15T00:00:00Z",
				service("compute-api", "3000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "r"));
		List<ContractVersion> versions = List.of(first, fromDecember, midDecember);

		assertThat(CreditRules.lines(NOVEMBER, LATER, versions, List.of()).get(0).monthlyFee().amount())
			.isEqualByComparingTo("1000");
		assertThat(CreditRules.lines(DECEMBER, LATER, versions, List.of()).get(0).monthlyFee().amount())
			.isEqualByComparingTo("2000");
		assertThat(CreditRules.lines(YearMonth.of(2022, 1), LATER, versions, List.of()).get(0).monthlyFee().amount())
			.isEqualByComparingTo("3000");
	}

	@Test
	void windowsOfOtherServicesAndRegionsDoNotCount() {
		ContractVersion contract = version("c", 0, "2021-01-01T00:00:00Z",
				service("compute-api", "1000.00", "USD", availability(null, ImpactLevel.MAJOR_OUTAGE), "east"));
		CreditLine line = only(DECEMBER, LATER, contract,
				window("other-service", "console", "east", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-01T00:00:00Z",
						"2021-12-01T01:00:00Z"),
				window("other-region", "compute-api", "west", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-01T00:00:00Z",
						"2021-12-01T01:00:00Z"));
		assertThat(line.downtimeMillis()).isZero();
		assertThat(line.windows()).isEmpty();
		assertThat(line.uptimePercent()).isEqualTo(new BigDecimal("100.0000"));
	}

}
