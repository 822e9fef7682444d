package com.nimbus.incidents.support.health;

import com.mongodb.client.MongoClient;
import org.bson.Document;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The store answers a {@code ping}: a check that works on MongoDB and on the embedded
 * Mongo-protocol store alike.
 */
public class StoreHealthIndicator implements HealthIndicator {

	private final MongoClient mongo;

	private final String database;

	public StoreHealthIndicator(MongoClient mongo, String database) {
		this.mongo = mongo;
		this.database = database;
	}

	@Override
	public Health health() {
		try {
			this.mongo.getDatabase(this.database).runCommand(new Document("ping", 1));
			return Health.up().withDetail("database", this.database).build();
		}
		catch (RuntimeException ex) {
			return Health.down(ex).withDetail("database", this.database).build();
		}
	}

}
