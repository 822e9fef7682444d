package com.nimbus.incidents.query.impact;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.query.contract.ContractVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImpactEstimatesTest {

	private static final Instant NOW = Instant.parse("2021-12-10T00:00:00Z");

	private static final SlaTerms SLA = new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null,
			List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN)));

	private static List<ContractVersion> contract(String customerId, String name, long users, String effectiveFrom,
			String service, String... regions) {
		return List.of(new ContractVersion(customerId, 0, Instant.parse(effectiveFrom),
				new ContractTerms(name, users, Instant.parse(effectiveFrom), List.of(new ServiceTerms(service,
						List.of(regions), new Money(new BigDecimal("100.00"), "USD"), SLA)))));
	}

	private static ImpactWindow window(String id, String service, String region, ImpactLevel level, String rate,
			String from, String to, AffectedUsers reported, String... customers) {
		return new ImpactWindow(id, service, region, level, (rate != null) ? new BigDecimal(rate) : null,
				Instant.parse(from), (to != null) ? Instant.parse(to) : null, reported, List.of(customers), false, 0);
	}

	/**
	 * The scenario after the console correction. acme holds object-storage in us-east-1:
	 * hit by storage-use1 at 0.3, 15:32-21:34: low 120,000 x 0.3 = 36,000, high 120,000,
	 * exposure 6 h 2 min. globex holds compute-api in us-east-1: hit by compute-use1 at
	 * 0.4, 15:30-00:28: low 45,000 x 0.4 = 18,000, high 45,000, exposure 8 h 58 min.
	 * initech (compute-api in us-west-2) is not hit. Totals 54,000 to 165,000; responders
	 * reported 20,000 to 40,000 on compute-use1.
	 */
	@Test
	void theScenarioHitsAcmeAndGlobex() {
		List<ImpactWindow> windows = List.of(
				window("console-use1", "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-07T15:30:00Z",
						"2021-12-07T22:22:00Z", null),
				window("compute-use1", "compute-api", "us-east-1", ImpactLevel.PARTIAL_OUTAGE, "0.4",
						"2021-12-07T15:30:00Z", "2021-12-08T00:28:00Z", new AffectedUsers(20000, 40000)),
				window("storage-use1", "object-storage", "us-east-1", ImpactLevel.PARTIAL_OUTAGE, "0.3",
						"2021-12-07T15:32:00Z", "2021-12-07T21:34:00Z", null));
		Map<String, List<ContractVersion>> contracts = Map.of("acme",
				contract("acme", "Acme Retail", 120000, "2021-01-01T00:00:00Z", "object-storage", "us-east-1",
						"us-west-2"),
				"globex",
				contract("globex", "Globex Logistics", 45000, "2021-06-01T00:00:00Z", "compute-api", "us-east-1"),
				"initech", contract("initech", "Initech", 8000, "2021-03-01T00:00:00Z", "compute-api", "us-west-2"));

		ImpactEstimates.Estimate estimate = ImpactEstimates.estimate(windows, contracts, NOW);

		assertThat(estimate.customers()).extracting(ImpactEstimates.AffectedCustomer::customerId)
			.containsExactly("acme", "globex");
		ImpactEstimates.AffectedCustomer acme = estimate.customers().get(0);
		assertThat(acme.customerName()).isEqualTo("Acme Retail");
		assertThat(acme.estimatedAffectedUsers()).isEqualTo(new AffectedUsers(36000, 120000));
		assertThat(acme.exposure()).isEqualTo(Duration.parse("PT6H2M"));
		assertThat(acme.services()).containsExactly("object-storage");
		ImpactEstimates.AffectedCustomer globex = estimate.customers().get(1);
		assertThat(globex.estimatedAffectedUsers()).isEqualTo(new AffectedUsers(18000, 45000));
		assertThat(globex.exposure()).isEqualTo(Duration.parse("PT8H58M"));
		assertThat(estimate.total()).isEqualTo(new AffectedUsers(54000, 165000));
		assertThat(estimate.reported()).isEqualTo(new AffectedUsers(20000, 40000));
	}

	@Test
	void theLowEstimateUsesTheHighestRateOrTheLevelAndRoundsDown() {
		Map<String, List<ContractVersion>> contracts = Map.of("c",
				contract("c", "C", 999, "2021-01-01T00:00:00Z", "svc", "r"));
		assertThat(
				ImpactEstimates
					.estimate(List.of(window("a", "svc", "r", ImpactLevel.DEGRADED_PERFORMANCE, null,
							"2021-12-01T00:00:00Z", "2021-12-01T01:00:00Z", null)), contracts, NOW)
					.total())
			.isEqualTo(new AffectedUsers(99, 999));
		assertThat(ImpactEstimates.estimate(List.of(
				window("a", "svc", "r", ImpactLevel.DEGRADED_PERFORMANCE, null, "2021-12-01T00:00:00Z",
						"2021-12-01T01:00:00Z", null),
				window("b", "svc", "r", ImpactLevel.PARTIAL_OUTAGE, null, "2021-12-02T00:00:00Z",
						"2021-12-02T01:00:00Z", null)),
				contracts, NOW)
			.total()).isEqualTo(new AffectedUsers(499, 999));
		assertThat(
				ImpactEstimates
					.estimate(List.of(window("a", "svc", "r", ImpactLevel.MAJOR_OUTAGE, "0.62", "2021-12-01T00:00:00Z",
							null, null)), contracts, NOW)
					.customers()
					.get(0)
					.estimatedAffectedUsers())
			.isEqualTo(new AffectedUsers(619, 999));
	}

	@Test
	void exposureIsTheUnionAndOpenWindowsRunToNow() {
		Map<String, List<ContractVersion>> contracts = Map.of("c",
				contract("c", "C", 10, "2021-01-01T00:00:00Z", "svc", "east", "west"));
		ImpactEstimates.Estimate estimate = ImpactEstimates.estimate(
				List.of(window("a", "svc", "east", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-09T20:00:00Z",
						"2021-12-09T22:00:00Z", null),
						window("b", "svc", "west", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-09T21:00:00Z", null, null)),
				contracts, NOW);
		assertThat(estimate.customers().get(0).exposure()).isEqualTo(Duration.ofHours(4));
	}

	@Test
	void aWindowNamingCustomersAndAContractNotInForceLeaveACustomerOut() {
		ImpactWindow named = window("a", "svc", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-12-01T00:00:00Z",
				"2021-12-01T01:00:00Z", null, "other");
		ImpactWindow beforeContract = window("b", "svc", "r", ImpactLevel.MAJOR_OUTAGE, null, "2021-11-01T00:00:00Z",
				"2021-11-01T01:00:00Z", null);
		Map<String, List<ContractVersion>> contracts = Map.of("c",
				contract("c", "C", 10, "2021-11-15T00:00:00Z", "svc", "r"));

		assertThat(ImpactEstimates.estimate(List.of(named, beforeContract), contracts, NOW).customers()).isEmpty();
		assertThat(ImpactEstimates.estimate(List.of(named, beforeContract), contracts, NOW).reported()).isNull();
	}

}
