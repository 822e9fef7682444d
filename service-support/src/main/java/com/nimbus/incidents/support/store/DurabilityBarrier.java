package com.nimbus.incidents.support.store;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * One durable write that follows a loop's writes made without waiting for the journal
 * ({@code j: false}), before the loop commits the Kafka offsets past them: once it is
 * acknowledged, every earlier write is as durable as it is, because a journal keeps
 * writes in order. That holds only if the store process that made it durable is the one
 * that took the writes. A store that restarts between them loses the writes it had not
 * committed, and the barrier, answered by the new process, would then cover nothing: the
 * loop would commit offsets past writes that are gone.
 * <p>
 * So the barrier asks the store which process it is ({@code hello}'s
 * {@code topologyVersion.processId}, MongoDB 4.4 and later, and the embedded store) after
 * its write, and compares with the process seen before the loop's first write (at
 * {@link #begin}, or at the previous barrier). Each answer is a moment at which that
 * process was up; the same process at both ends of the loop's writes took them all, since
 * a process does not come back once it is gone. A different one, and the barrier throws
 * {@link StoreRestarted}: the loop writes again (its writes are idempotent). A store that
 * does not say which process it is cannot be checked; the barrier then only waits.
 */
public final class DurabilityBarrier {

	/** MongoDB's error code for a command the server does not know. */
	static final int COMMAND_NOT_FOUND = 59;

	private final MongoDatabase database;

	private final MongoCollection<Document> barrier;

	private final String id;

	/** Whether the store says which process it is; until it does not. */
	private volatile boolean told = true;

	/** The process the last answer came from; null before the first. */
	private volatile Object seen;

	/**
	 * @param database the database the loop writes to
	 * @param collection the barrier's collection, with the journal on
	 * @param id the barrier document's {@code _id}
	 */
	public DurabilityBarrier(MongoDatabase database, MongoCollection<Document> collection, String id) {
		this.database = database;
		this.barrier = collection;
		this.id = id;
	}

	/**
	 * Before the first write the next {@link #await} covers: learns which process takes
	 * the writes, unless the previous barrier's answer already says.
	 */
	public void begin() {
		if (this.seen == null) {
			this.seen = processId();
		}
	}

	/**
	 * Returns once every write made since {@link #begin} is durable.
	 * @throws StoreRestarted when another store process answered than the one that took
	 * the writes: some may be lost, and are to be written again
	 */
	public void await() {
		Object before = this.seen;
		this.barrier.updateOne(Filters.eq("_id", this.id), Updates.inc("barriers", 1L),
				new UpdateOptions().upsert(true));
		Object now = processId();
		this.seen = now;
		if (before != null && now != null && !before.equals(now)) {
			throw new StoreRestarted("The store restarted while writes were made without waiting for its journal ("
					+ before + " took them, " + now + " answered the barrier): they are to be written again");
		}
	}

	/**
	 * The process id the store gives, or {@code null} when it gives none (a store that
	 * does not know {@code hello}, or answers without it, is not asked again).
	 */
	private Object processId() {
		if (!this.told) {
			return null;
		}
		try {
			Document hello = this.database.runCommand(new Document("hello", 1));
			if (hello.get("topologyVersion") instanceof Document topology && topology.get("processId") != null) {
				return topology.get("processId");
			}
		}
		catch (MongoCommandException ex) {
			// a store that does not know the command; any other refusal (a failover
			// under way) fails the barrier, which is tried again
			if (ex.getErrorCode() != COMMAND_NOT_FOUND) {
				throw ex;
			}
		}
		this.told = false;
		return null;
	}

	/**
	 * The store process changed between writes and their barrier; writing them again is
	 * safe and needed.
	 */
	public static class StoreRestarted extends RuntimeException {

		StoreRestarted(String message) {
			super(message);
		}

	}

}
