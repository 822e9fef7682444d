package com.nimbus.incidents.command.relay;

/**
 * The event store lacks events of an aggregate that are already on the topic: appending
 * now would give new events the sequences of published ones. Writes to that aggregate are
 * refused until an operator has reconciled the store with the topic.
 */
public class StoreDivergedException extends RuntimeException {

	private final String aggregateId;

	StoreDivergedException(String aggregateId, String detail) {
		super(detail);
		this.aggregateId = aggregateId;
	}

	public String aggregateId() {
		return this.aggregateId;
	}

}
