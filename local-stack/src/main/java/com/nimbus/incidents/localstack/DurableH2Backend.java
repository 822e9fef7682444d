package com.nimbus.incidents.localstack;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 MVStore backend, made to keep its acknowledgements: the answer
 * to a write command leaves only once the write has reached the operating system (a group
 * commit of the MVStore), and with {@link Durability#FSYNC} the disk; a write that asks
 * for {@code j: false} is answered at once and made durable by the next write that waits.
 * <p>
 * Left to itself the MVStore writes its changes to the file up to a second after they
 * happen; a {@code kill -9} of the store in that second loses writes that clients were
 * told had succeeded. Here every write command's answer waits for a commit that began
 * after it was applied. Commits are grouped, on a thread of their own
 * ({@link GroupCommitter}): each commits everything applied so far, so under load one
 * commit covers many writes. The answer is held on its connection ({@link HeldReplies}),
 * not the thread that applied the write: the server's event loops, which answer every
 * connection, never wait for a commit (ADR 32).
 * <p>
 * Reads do not wait: like MongoDB's {@code readConcern: local}, a read may see a write
 * whose acknowledgement is still on its way.
 */
final class DurableH2Backend extends H2Backend {

	private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

	/** The commands that change data; every other command only reads. */
	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create", "drop",
			"dropdatabase", "createindexes", "dropindexes", "renamecollection", "bulkwrite");

	private final Durability durability;

	/** Commits for the writes that wait, on a thread of its own; null when none wait. */
	private final GroupCommitter committer;

	/** Whether the file is open: set at start, cleared by a clean close. */
	private static final String STATE_MAP = "nimbus.store-state";

	private static final String OPEN = "open";

	DurableH2Backend(String fileName, Durability durability) {
		super(fileName);
		this.durability = durability;
		MVMap<String, Object> state = getMvStore().openMap(STATE_MAP);
		if (Boolean.TRUE.equals(state.get(OPEN))) {
			// the last process did not close the file: a commit may have stored an index
			// half-way through a write
			UniqueIndexRepair.Result mended = UniqueIndexRepair.repair(this);
			log.info("Opened after an unclean end: {} collections checked, {} index entries removed, {} added",
					mended.collections(), mended.removed(), mended.added());
		}
		state.put(OPEN, Boolean.TRUE);
		getMvStore().commit();
		this.committer = (durability != Durability.DELAYED) ? new GroupCommitter(this::commitToFile) : null;
	}

	private void commitToFile() {
		MVStore store = getMvStore();
		store.commit();
		if (this.durability == Durability.FSYNC) {
			store.sync();
		}
	}

	@Override
	public void close() {
		if (this.committer != null) {
			this.committer.close();
		}
		MVStore store = getMvStore();
		if (!store.isClosed()) {
			store.<String, Object>openMap(STATE_MAP).put(OPEN, Boolean.FALSE);
		}
		super.close();
		if (this.committer != null) {
			// the close committed what they wait for
			this.committer.releaseAll();
		}
	}

	/**
	 * This process's identity, as MongoDB (4.4 and later) gives it in {@code hello}'s
	 * {@code topologyVersion.processId}: new at every start of the store.
	 */
	private final ObjectId processId = new ObjectId();

	@Override
	public Document handleCommand(Channel channel, String database, String command, Document query) {
		if (command.equalsIgnoreCase("hello")) {
			// asked by a client, never by the driver's handshake (it says isMaster
			// here): the answer carries the process id, so that a client can tell
			// whether the store that took its writes is the one that made them durable
			Document answer = super.handleCommand(channel, database, "ismaster", query);
			answer.put("isWritablePrimary", Boolean.TRUE);
			answer.put("topologyVersion", new Document("processId", this.processId).append("counter", 0L));
			return answer;
		}
		long started = System.nanoTime();
		try {
			return super.handleCommand(channel, database, command, query);
		}
		finally {
			long applied = System.nanoTime();
			// a failed write may have changed something before it failed (a bulk insert
			// stopped by a duplicate key): its answer waits for the commit too
			if (this.committer != null && WRITES.contains(command.toLowerCase(Locale.ROOT)) && waitsForJournal(query)) {
				long ticket = this.committer.applied();
				// the answer, about to be written on the channel, leaves once the commit
				// covers the write; this thread goes on with other connections
				if (!HeldReplies.holdNextAnswer(channel, this.committer, ticket)) {
					this.committer.awaitCommitted(ticket);
				}
			}
			SlowCommands.report(command, query, started, applied, System.nanoTime());
		}
	}

	/**
	 * Whether a write asks to be durable before its answer: unless its write concern says
	 * {@code j: false} or {@code w: 0}. A later write that waits commits everything
	 * applied before it, the writes that did not wait included.
	 */
	static boolean waitsForJournal(Document query) {
		if (!(query.get("writeConcern") instanceof Document concern)) {
			return true;
		}
		Object w = concern.get("w");
		return !Boolean.FALSE.equals(concern.get("j")) && !(w instanceof Number number && number.intValue() == 0);
	}

	/** The prefix of the name of a collection's map of documents in H2's backend. */
	static final String DOCUMENT_MAPS = "databases.";

	/**
	 * Databases whose unique indexes compare keys with {@link IndexKeyType} and whose
	 * documents are stored with {@link DocumentValueType}.
	 */
	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new KeyTypedDatabase(databaseName);
	}

	/**
	 * An {@link H2Database} that opens each unique index's map with {@link IndexKeyType},
	 * and each collection's documents with {@link DocumentValueType}, before the
	 * superclass opens them by name (the store hands back the map already open). An inner
	 * class: the superclass's constructor opens the stored indexes, and the reference to
	 * this backend is set before it runs.
	 */
	private final class KeyTypedDatabase extends H2Database {

		KeyTypedDatabase(String databaseName) {
			super(databaseName, getMvStore(), getCursorRegistry());
		}

		/**
		 * Opens the collection's documents with {@link DocumentValueType}, by the name
		 * the superclass gives them, before it opens them.
		 */
		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			getMvStore().openMap(DOCUMENT_MAPS + getFullCollectionNamespace(collectionName),
					new MVMap.Builder<Object, Object>().valueType(new DocumentValueType()));
			return super.openOrCreateCollection(collectionName, options);
		}

		@Override
		protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			getMvStore().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
					new MVMap.Builder<Object, Object>().keyType(new IndexKeyType()));
			return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
		}

	}

	/**
	 * Group commits made so far.
	 */
	long commits() {
		return (this.committer != null) ? this.committer.commits() : 0;
	}

	/**
	 * How far an acknowledged write is carried before its answer leaves.
	 */
	enum Durability {

		/**
		 * The MVStore's own pace: up to a second later (acknowledged writes can be lost).
		 */
		DELAYED,

		/**
		 * Written to the file (the operating system) before the answer: survives kill -9.
		 */
		COMMIT,

		/** Also forced to the disk (fsync) before the answer: survives power loss. */
		FSYNC;

		static Durability parse(String value) {
			try {
				return valueOf(value.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("durability must be one of delayed, commit, fsync: " + value, ex);
			}
		}

	}

}
