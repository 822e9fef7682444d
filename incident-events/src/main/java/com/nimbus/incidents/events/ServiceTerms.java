package com.nimbus.incidents.events;

import java.util.List;

/**
 * What a contract says about one service: where it is covered, what it costs, and its
 * SLA.
 */
public record ServiceTerms(String service, List<String> regions, Money monthlyFee, SlaTerms sla) {

	public ServiceTerms {
		regions = List.copyOf(regions);
	}

}
