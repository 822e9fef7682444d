package com.nimbus.incidents.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * A fact about a customer's SLA contract, on {@code contract-events} keyed by customer
 * id, so that an SLA report for any past month can be recomputed from the logs alone.
 * Both facts carry the whole terms; an amendment takes effect at its
 * {@code effectiveFrom}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonSubTypes({ @JsonSubTypes.Type(value = ContractRegistered.class, name = "ContractRegistered"),
		@JsonSubTypes.Type(value = ContractAmended.class, name = "ContractAmended") })
public sealed interface ContractEvent permits ContractRegistered, ContractAmended {

	/**
	 * The terms this fact states.
	 */
	ContractTerms terms();

}
