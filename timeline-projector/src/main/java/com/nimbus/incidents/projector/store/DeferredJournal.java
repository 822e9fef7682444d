package com.nimbus.incidents.projector.store;

import com.mongodb.ClientSessionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * The projector's read-model writes do not each wait for the journal: they are written
 * with the client's write concern but {@code j: false}, and one durable write
 * ({@link StoreBarrier}) follows a poll's writes before its Kafka offsets are committed.
 * A journal (and the embedded store's group commit) keeps writes in order, so the barrier
 * makes every earlier write of the poll durable: a crash of the store loses only writes
 * whose offsets were not committed, which the next poll writes again (every projector
 * write is idempotent). On the embedded store a poll waits for one commit instead of one
 * per write; on a replica set with {@code w: majority} the journal is implied and nothing
 * changes.
 */
@Configuration(proxyBeanMethods = false)
public class DeferredJournal {

	/**
	 * The collection with its write concern's journal back on: for the writes
	 * acknowledged to someone on their own (an admin's rebuild request, a dead letter).
	 */
	public static <T> MongoCollection<T> durable(MongoCollection<T> collection) {
		return collection.withWriteConcern(collection.getWriteConcern().withJournal(true));
	}

	@Bean
	MongoTemplate mongoTemplate(MongoDatabaseFactory factory, MongoConverter converter) {
		return new MongoTemplate(new Deferring(factory), converter);
	}

	/**
	 * The factory's databases with their write concern's journal deferred.
	 */
	private record Deferring(MongoDatabaseFactory factory) implements MongoDatabaseFactory {

		@Override
		public MongoDatabase getMongoDatabase() {
			return defer(this.factory.getMongoDatabase());
		}

		@Override
		public MongoDatabase getMongoDatabase(String dbName) {
			return defer(this.factory.getMongoDatabase(dbName));
		}

		@Override
		public PersistenceExceptionTranslator getExceptionTranslator() {
			return this.factory.getExceptionTranslator();
		}

		@Override
		public ClientSession getSession(ClientSessionOptions options) {
			return this.factory.getSession(options);
		}

		@Override
		public MongoDatabaseFactory withSession(ClientSession session) {
			return new Deferring(this.factory.withSession(session));
		}

		private static MongoDatabase defer(MongoDatabase database) {
			WriteConcern concern = database.getWriteConcern();
			return database.withWriteConcern(concern.withJournal(false));
		}

	}

}
