package com.nimbus.incidents.support.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * When the store is away, a request fails within seconds (a 503 problem detail) instead
 * of waiting the driver's default 30 s, and the service recovers by itself when the store
 * returns: the driver keeps looking for it.
 * <p>
 * Every write is acknowledged only once a majority of a replica set has it in its journal
 * ({@code w: majority, j: true}): an acknowledged event, read model or audit entry
 * survives a failover and a crash. A connection string that names another write concern
 * wins (the embedded store, one process, treats every write concern alike and commits
 * before it answers).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration")
@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
public class StoreTimeouts {

	@Bean
	MongoClientSettingsBuilderCustomizer storeTimeoutSettings(@Value("${spring.mongodb.uri:}") String uri) {
		return settings(uri);
	}

	/**
	 * @param uri the connection string, blank when there is none
	 */
	public static MongoClientSettingsBuilderCustomizer settings(String uri) {
		WriteConcern named = uri.isBlank() ? null : new ConnectionString(uri).getWriteConcern();
		WriteConcern concern = (named != null) ? named : WriteConcern.MAJORITY.withJournal(true);
		return (settings) -> settings.writeConcern(concern)
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
			.applyToSocketSettings(
					(socket) -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS))
			.applyToServerSettings((server) -> server.heartbeatFrequency(2, TimeUnit.SECONDS));
	}

}
