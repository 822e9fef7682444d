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
 * change streams. The MVStore writes its changes to the file at most a second after they
 * happen and on a clean shutdown; the services themselves may be killed at any time.
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
		H2Backend backend;
		if (dataFile != null) {
			Files.createDirectories(dataFile.toAbsolutePath().getParent());
			backend = new H2Backend(dataFile.toAbsolutePath().toString());
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
