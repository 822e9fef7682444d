package com.nimbus.incidents.command.idempotency;

import java.time.Duration;
import java.time.Instant;

/**
 * One {@code Idempotency-Key} of one caller, as stored in {@code idempotency_keys}.
 *
 * @param id the caller and the key
 * @param fingerprint what the request was (method, path, {@code If-Match}, body)
 * @param token the random value the request's events carry in their metadata, so that its
 * outcome can be found in the event store when it was never recorded here
 * @param aggregateId the incident (or contract) the request writes to; for a declaration
 * the id assigned to the new incident before the command ran
 * @param state where the request is
 * @param createdAt when the key was first reserved (it expires from here)
 * @param leasedAt when the request now running took the key
 * @param answer the answer to replay, once {@link State#COMPLETED}
 */
record Reservation(String id, String fingerprint, String token, String aggregateId, State state, Instant createdAt,
		Instant leasedAt, Answer answer) {

	enum State {

		/** A request holds the key and is running, or died holding it. */
		PENDING,

		/**
		 * The request ended without knowing whether its command appended (a server
		 * error): the next retry looks in the event store at once.
		 */
		UNKNOWN,

		/** The request succeeded; its answer is replayed. */
		COMPLETED

	}

	static Reservation pending(String id, String fingerprint, String token, String aggregateId, Instant now) {
		return new Reservation(id, fingerprint, token, aggregateId, State.PENDING, now, now, null);
	}

	/**
	 * Whether a retry may take the key over and find out what happened: the request that
	 * held it has ended without an outcome, or has held it longer than any request runs.
	 */
	boolean abandoned(Instant now, Duration abandonedAfter) {
		return this.state == State.UNKNOWN
				|| (this.state == State.PENDING && this.leasedAt.plus(abandonedAfter).isBefore(now));
	}

	boolean expired(Instant now, Duration rememberedFor) {
		return this.createdAt.plus(rememberedFor).isBefore(now);
	}

	Reservation leasedAt(Instant now) {
		return new Reservation(this.id, this.fingerprint, this.token, this.aggregateId, State.PENDING, this.createdAt,
				now, null);
	}

}
