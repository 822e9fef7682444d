package com.nimbus.incidents.command.relay;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

	@Bean
	PendingLedger pendingLedger(MongoClient mongoClient, @Value("${spring.mongodb.database}") String database,
			RelayProperties relay, @Value("${spring.application.name:incident-command}") String application,
			@Value("${server.port:8081}") int port) {
		return new PendingLedger(mongoClient.getDatabase(database), instanceId(relay, application, port));
	}

	/**
	 * The configured id, or the application, host and port: a service restarted in place
	 * keeps its name, and no two live instances can share a host and a port. With a port
	 * chosen at start (0), a random id.
	 */
	private static String instanceId(RelayProperties relay, String application, int port) {
		if (!relay.instanceId().isBlank()) {
			return relay.instanceId();
		}
		if (port == 0) {
			return application + "@" + UUID.randomUUID();
		}
		String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
		try {
			host = java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.net.UnknownHostException ex) {
			// the environment's name then
		}
		return application + "@" + host + ":" + port;
	}

	/**
	 * Idempotent, acknowledged by all in-sync replicas, and never giving up on a record:
	 * a broker outage delays delivery but cannot reorder or drop it.
	 */
	@Bean(destroyMethod = "")
	Producer<String, byte[]> relayProducer(KafkaProperties kafka) {
		return new KafkaProducer<>(Map.ofEntries(
				Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
				Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "incident-command-relay"),
				Map.entry(ProducerConfig.ACKS_CONFIG, "all"), Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
				Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
				Map.entry(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE),
				Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE),
				Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000),
				Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000), Map.entry(ProducerConfig.LINGER_MS_CONFIG, 1),
				Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, 16L * 1024 * 1024),
				Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000),
				Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
				Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
	}

	@Bean
	PublishedLog publishedLog(KafkaProperties kafka, JsonMapper jsonMapper, RelayProperties relay) {
		return new PublishedLog(kafka, jsonMapper, relay.publishedLogBytes());
	}

	@Bean
	DivergenceGuard divergenceGuard(MongoClient mongoClient, @Value("${spring.mongodb.database}") String database,
			PublishedLog publishedLog) {
		return new DivergenceGuard(mongoClient.getDatabase(database), publishedLog);
	}

	@Bean
	EventRelay eventRelay(PendingLedger ledger, MongoClient mongoClient,
			@Value("${spring.mongodb.database}") String database, MongoEventStorageEngine store,
			Producer<String, byte[]> relayProducer, EnvelopeEncoder encoder, KafkaProperties kafka,
			RelayProperties relay, PublishedLog publishedLog, DivergenceGuard divergenceGuard, MeterRegistry meters) {
		MongoDatabase db = mongoClient.getDatabase(database);
		RelayParts parts = new RelayParts(ledger, new RelayOwners(db, ledger.owner(), Clock.systemUTC()), publishedLog,
				divergenceGuard, new RelayDeadLetters(db), new BatchLoader(store, encoder), new Topics(kafka));
		EventRelay eventRelay = new EventRelay(parts, relayProducer, kafka, relay);
		FunctionCounter.builder("relay.events.delivered", eventRelay, EventRelay::delivered)
			.description("Events acknowledged by Kafka")
			.register(meters);
		Gauge.builder("relay.backlog", eventRelay, EventRelay::backlog)
			.description("Batches waiting for delivery")
			.register(meters);
		FunctionCounter.builder("relay.dead.letters", eventRelay, EventRelay::deadLettered)
			.description("Batches set apart because they can never be delivered")
			.register(meters);
		Gauge.builder("relay.diverged", divergenceGuard, (guard) -> guard.diverged().size())
			.description("Aggregates whose event store lacks events that are on the topics")
			.register(meters);
		return eventRelay;
	}

	@Bean("relay")
	RelayHealthIndicator relayHealth(EventRelay eventRelay, DivergenceGuard divergenceGuard,
			PublishedLog publishedLog) {
		return new RelayHealthIndicator(eventRelay, divergenceGuard, publishedLog);
	}

	/**
	 * What Axon appends through: the store, with the relay's ledger entry written before
	 * each append and the events handed to the relay after it. Only the benchmark's
	 * reference run ({@code AxonAppendBaseline}, on a database of its own) appends
	 * straight to the store instead.
	 */
	@Bean
	@Primary
	@ConditionalOnProperty(name = "benchmark.axon-baseline", havingValue = "false", matchIfMissing = true)
	EventStorageEngine eventStorageEngine(MongoEventStorageEngine store, PendingLedger ledger, EventRelay relay,
			EnvelopeEncoder encoder) {
		return new RelayingEventStorageEngine(store, ledger, relay, encoder);
	}

	@Bean
	EnvelopeEncoder envelopeEncoder(JsonMapper jsonMapper, KafkaProperties kafka) {
		return new EnvelopeEncoder(jsonMapper, kafka);
	}

}
