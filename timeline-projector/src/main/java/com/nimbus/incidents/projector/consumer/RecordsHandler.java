package com.nimbus.incidents.projector.consumer;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies one poll's records of one topic to the read models; throws when they could not
 * be written, so that they are polled again.
 */
public interface RecordsHandler {

	/**
	 * The topic this handler projects.
	 */
	String topic();

	void handle(List<ConsumerRecord<String, byte[]>> records);

	/**
	 * Like {@link #handle}, but returns the writes that no reader of the records'
	 * incidents waits for (the incident list, the release of parked events), for the loop
	 * to run before the poll's barrier, beside the next poll (ADR 33). They must stay
	 * idempotent and catch up with the store when a poll is written again; when they
	 * fail, the poll is written again. By default everything is written here and nothing
	 * is left.
	 */
	default Runnable handleDeferring(List<ConsumerRecord<String, byte[]>> records) {
		handle(records);
		return () -> {
		};
	}

	/**
	 * Why a record's value cannot be projected, or empty when it can.
	 */
	Optional<String> unreadable(byte[] value);

	/**
	 * Drops every read model this handler writes, before a replay from the beginning.
	 */
	void reset();

	/**
	 * Forgets whatever the handler holds in memory about the read models: called whenever
	 * the positions it reads from move back or partitions change hands, so that it reads
	 * the store again.
	 */
	default void forget() {
	}

}
