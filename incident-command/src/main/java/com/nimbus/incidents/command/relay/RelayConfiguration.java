package com.nimbus.incidents.command.relay;

import java.util.Map;

import com.mongodb.client.MongoClient;
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
	PendingLedger pendingLedger(MongoClient mongoClient, @Value("${spring.mongodb.database}") String database) {
		return new PendingLedger(mongoClient.getDatabase(database));
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
				Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000),
				Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
				Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
	}

	@Bean
	EventRelay eventRelay(PendingLedger ledger, MongoEventStorageEngine store, Producer<String, byte[]> relayProducer,
			EnvelopeEncoder encoder, KafkaProperties kafka, MeterRegistry meters) {
		EventRelay relay = new EventRelay(ledger, store, relayProducer, encoder, kafka);
		FunctionCounter.builder("relay.events.delivered", relay, EventRelay::delivered)
			.description("Events acknowledged by Kafka")
			.register(meters);
		Gauge.builder("relay.backlog", relay, EventRelay::backlog)
			.description("Batches waiting for delivery")
			.register(meters);
		return relay;
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
	EventStorageEngine eventStorageEngine(MongoEventStorageEngine store, PendingLedger ledger, EventRelay relay) {
		return new RelayingEventStorageEngine(store, ledger, relay);
	}

	@Bean
	EnvelopeEncoder envelopeEncoder(JsonMapper jsonMapper, KafkaProperties kafka) {
		return new EnvelopeEncoder(jsonMapper, kafka);
	}

}
