package com.nimbus.incidents.projector.store;

import java.util.concurrent.TimeUnit;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When the store is away, a request fails within seconds (a 503 problem detail) instead
 * of waiting the driver's default 30 s, and the service recovers by itself when the store
 * returns: the driver keeps looking for it.
 */
@Configuration(proxyBeanMethods = false)
class StoreTimeouts {

	@Bean
	MongoClientSettingsBuilderCustomizer storeTimeoutSettings() {
		return (settings) -> settings
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
			.applyToSocketSettings(
					(socket) -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS))
			.applyToServerSettings((server) -> server.heartbeatFrequency(2, TimeUnit.SECONDS));
	}

}
