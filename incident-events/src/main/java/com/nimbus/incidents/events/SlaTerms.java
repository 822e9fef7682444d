package com.nimbus.incidents.events;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a service's uptime is measured and what credit each shortfall earns.
 *
 * @param downtimeLevels for {@code AVAILABILITY}: impact levels that count as downtime
 * @param downtimeErrorRate for {@code AVAILABILITY}: an error rate at or above which a
 * window counts as downtime, when set
 * @param tiers credit tiers; the one with the smallest {@code below} that the uptime is
 * under applies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlaTerms(SlaMeasurement measurement, List<ImpactLevel> downtimeLevels,
		@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal downtimeErrorRate, List<CreditTier> tiers) {

	public SlaTerms {
		downtimeLevels = (downtimeLevels != null) ? List.copyOf(downtimeLevels) : List.of();
		tiers = List.copyOf(tiers);
	}

}
