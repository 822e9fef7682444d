package com.nimbus.incidents.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A Mongo-protocol store (mongo-java-server) on loopback. With a data file it uses the H2
 * MVStore backend, so data survives a restart; without one it is in memory.
 * <p>
 * Limits, by design of mongo-java-server: only unique indexes (and {@code _id}) are used
 * for lookups, and only for equality or {@code $in} on the whole key; no transactions, no
 * change streams. By itself the MVStore writes its changes to the file up to a second
 * after they happen; {@link DurableH2Backend} makes every write's answer wait for them to
 * reach the operating system (or the disk), so an acknowledged write survives
 * {@code kill -9} of this process.
 */
public final class EmbeddedMongoStore implements AutoCloseable {

	private final MongoServer server;

	private final String connectionString;

	private EmbeddedMongoStore(MongoServer server, String connectionString) {
		this.server = server;
		this.connectionString = connectionString;
	}

	/**
	 * @param dataFile the MVStore file, or {@code null} for an in-memory store
	 */
	public static EmbeddedMongoStore start(Path dataFile, String host, int port) throws Exception {
		return start(dataFile, host, port, DurableH2Backend.Durability.COMMIT);
	}

	/**
	 * @param dataFile the MVStore file, or {@code null} for an in-memory store
	 * @param durability how far a write is carried before it is acknowledged
	 */
	static EmbeddedMongoStore start(Path dataFile, String host, int port, DurableH2Backend.Durability durability)
			throws Exception {
		H2Backend backend;
		if (dataFile != null) {
			Files.createDirectories(dataFile.toAbsolutePath().getParent());
			backend = new DurableH2Backend(dataFile.toAbsolutePath().toString(), durability);
		}
		else {
			backend = H2Backend.inMemory();
		}
		MongoServer server = new MongoServer(backend);
		server.bind(host, port);
		int boundPort = server.getLocalAddress().getPort();
		return new EmbeddedMongoStore(server, "mongodb://" + host + ":" + boundPort);
	}

	public String connectionString() {
		return this.connectionString;
	}

	@Override
	public void close() {
		this.server.shutdown();
	}

}
