package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;

/**
 * Contracts and windows for the credit rule tests.
 */
final class Terms {

	static final List<CreditTier> AVAILABILITY_TIERS = List.of(tier("99.99", "10"), tier("99.0", "30"),
			tier("95.0", "100"));

	static final List<CreditTier> ERROR_RATE_TIERS = List.of(tier("99.9", "10"), tier("99.0", "25"),
			tier("95.0", "100"));

	private Terms() {
	}

	static CreditTier tier(String below, String credit) {
		return new CreditTier(new BigDecimal(below), new BigDecimal(credit));
	}

	static SlaTerms availability(String downtimeErrorRate, ImpactLevel... levels) {
		return new SlaTerms(SlaMeasurement.AVAILABILITY, List.of(levels),
				(downtimeErrorRate != null) ? new BigDecimal(downtimeErrorRate) : null, AVAILABILITY_TIERS);
	}

	static SlaTerms errorRate() {
		return new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null, ERROR_RATE_TIERS);
	}

	static ServiceTerms service(String service, String fee, String currency, SlaTerms sla, String... regions) {
		return new ServiceTerms(service, List.of(regions), new Money(new BigDecimal(fee), currency), sla);
	}

	static ContractVersion version(String customerId, long sequence, String effectiveFrom, ServiceTerms... services) {
		return new ContractVersion(customerId, sequence, Instant.parse(effectiveFrom),
				new ContractTerms(customerId + " Inc.", 1000, Instant.parse(effectiveFrom), List.of(services)));
	}

	static CreditWindow window(String impactId, String service, String region, ImpactLevel level, String errorRate,
			String from, String to, String... customers) {
		return new CreditWindow("INC-" + impactId, impactId, service, region, level,
				(errorRate != null) ? new BigDecimal(errorRate) : null, Instant.parse(from),
				(to != null) ? Instant.parse(to) : null, List.of(customers));
	}

}
