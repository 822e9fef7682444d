package com.nimbus.incidents.command.signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.command.incident.SignalCommands;
import com.nimbus.incidents.command.relay.KafkaProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Signals in: the routes file ({@code signals.routes}: a file path, or empty for the
 * {@code signal-routes.yml} that ships with the platform), the intake writing the
 * {@code signals} topic, and the placer reading it.
 */
@Configuration(proxyBeanMethods = false)
class SignalConfiguration {

	@Bean
	SignalRoutes signalRoutes(@Value("${signals.routes:}") String routesFile) throws IOException {
		if (routesFile.isBlank()) {
			try (InputStream in = SignalConfiguration.class.getResourceAsStream("/signal-routes.yml")) {
				return SignalRoutes.read(in, "signal-routes.yml (the default)");
			}
		}
		return SignalRoutes.read(Files.newInputStream(Path.of(routesFile)), routesFile);
	}

	@Bean
	SignalStore signalStore(MongoClient mongoClient, @Value("${spring.mongodb.database}") String database) {
		return new SignalStore(mongoClient.getDatabase(database));
	}

	@Bean(destroyMethod = "close")
	SignalLog signalLog(KafkaProperties kafka) {
		return new SignalLog(kafka.bootstrapServers(), kafka.signalTopic());
	}

	@Bean
	SignalIntake signalIntake(SignalLog log, SignalStore store, MeterRegistry meters) {
		SignalIntake intake = new SignalIntake(log, store);
		FunctionCounter.builder("signals.accepted", intake, SignalIntake::accepted)
			.description("Signals that changed something known, written to the signals topic")
			.register(meters);
		FunctionCounter.builder("signals.duplicates", intake, SignalIntake::duplicates)
			.description("Repeats of signals already known, dropped")
			.register(meters);
		return intake;
	}

	@Bean
	SignalPlacement signalPlacement(SignalStore store, SignalRoutes routes, SignalCommands commands, Clock clock) {
		return new SignalPlacement(store, routes, commands, clock);
	}

	@Bean(destroyMethod = "close")
	SignalPlacer signalPlacer(KafkaProperties kafka, SignalPlacement placement, SignalStore store) {
		return new SignalPlacer(kafka.bootstrapServers(), kafka.signalTopic(), kafka.topic(), placement, store);
	}

	/**
	 * The placer starts once the service is ready (its commands need the whole context).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void startPlacer(ApplicationReadyEvent ready) {
		ready.getApplicationContext().getBean(SignalPlacer.class).start();
	}

	/**
	 * DOWN when the placer's thread has died: signals would be accepted and never placed.
	 */
	@Bean("signals")
	HealthIndicator signalsHealth(SignalPlacer placer) {
		return () -> {
			Throwable died = placer.died();
			return (died != null) ? Health.down().withDetail("placer", "died: " + died).build() : Health.up().build();
		};
	}

}
