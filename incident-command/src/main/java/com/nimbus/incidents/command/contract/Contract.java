package com.nimbus.incidents.command.contract;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;

import com.nimbus.incidents.command.incident.EventMetadata;
import com.nimbus.incidents.command.incident.InvalidCommandInput;
import com.nimbus.incidents.events.ContractAmended;
import com.nimbus.incidents.events.ContractRegistered;
import com.nimbus.incidents.events.ContractTerms;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer's SLA contract. The first terms register it; later terms amend it from their
 * {@code effectiveFrom}, which may not precede the contract's start.
 */
@Aggregate
class Contract {

	@AggregateIdentifier
	private String contractId;

	private Instant start;

	Contract() {
		// for Axon
	}

	@CommandHandler
	@CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
	long handle(PutContract command) {
		ContractTerms terms = command.terms();
		var metaData = EventMetadata.of(terms.effectiveFrom(), command.context());
		if (this.contractId == null) {
			this.contractId = command.contractId();
			apply(new ContractRegistered(terms.customerName(), terms.activeUsers(), terms.effectiveFrom(),
					terms.services()), metaData);
		}
		else {
			if (terms.effectiveFrom().isBefore(this.start)) {
				throw new InvalidCommandInput("effectiveFrom", "effectiveFrom " + terms.effectiveFrom()
						+ " is before the contract began on " + this.start + "; an amendment cannot predate it");
			}
			apply(new ContractAmended(terms.customerName(), terms.activeUsers(), terms.effectiveFrom(),
					terms.services()), metaData);
		}
		return AggregateLifecycle.getVersion();
	}

	@EventSourcingHandler
	void on(ContractRegistered event, @SourceId String contractId) {
		this.contractId = contractId;
		this.start = event.effectiveFrom();
	}

}
