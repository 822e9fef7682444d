package com.nimbus.incidents.command.contract;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.command.incident.ContractedCustomers;
import com.nimbus.incidents.command.store.CommandStore;
import org.bson.Document;

/**
 * Whether a customer has a contract, from the event store itself: a contract is an
 * aggregate ({@link ContractIds}) whose first event is its registration, so a customer
 * has a contract exactly when the event at sequence 0 of its aggregate exists. Each id is
 * one lookup by the exact key of the unique {@code (aggregateIdentifier, sequenceNumber)}
 * index, never a scan.
 */
class ContractRegister implements ContractedCustomers {

	private final MongoCollection<Document> events;

	ContractRegister(MongoCollection<Document> events) {
		this.events = events;
	}

	static ContractRegister of(com.mongodb.client.MongoDatabase database) {
		return new ContractRegister(database.getCollection(CommandStore.EVENTS));
	}

	@Override
	public List<String> withoutContract(Collection<String> customerIds) {
		return new LinkedHashSet<>(customerIds).stream().filter((customerId) -> !registered(customerId)).toList();
	}

	private boolean registered(String customerId) {
		return this.events
			.find(new Document("aggregateIdentifier", ContractIds.aggregateId(customerId)).append("sequenceNumber", 0L))
			.projection(Projections.include("_id"))
			.first() != null;
	}

}
