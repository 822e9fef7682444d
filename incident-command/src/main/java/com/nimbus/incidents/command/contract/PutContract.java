package com.nimbus.incidents.command.contract;

import com.nimbus.incidents.command.incident.CommandContext;
import com.nimbus.incidents.events.ContractTerms;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a customer's contract, or amends it.
 *
 * @param contractId the aggregate id, from {@link ContractIds}
 */
record PutContract(@TargetAggregateIdentifier String contractId, ContractTerms terms, CommandContext context) {
}
