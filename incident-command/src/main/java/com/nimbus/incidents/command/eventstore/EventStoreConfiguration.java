package com.nimbus.incidents.command.eventstore;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.nimbus.incidents.command.store.CommandStore;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.FixedValueRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The event store: Axon over MongoDB (axon-mongo), events serialized with Jackson 2 under
 * their wire names, read by exact key, and wrapped by the relay.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

	/** Snapshots of an older aggregate shape are ignored, and the aggregate replayed. */
	static final String SNAPSHOT_REVISION = "incident-3";

	@Bean
	MongoTemplate axonMongoTemplate(MongoClient mongoClient, @Value("${spring.mongodb.database}") String database) {
		return DefaultMongoTemplate.builder()
			.domainEventsCollectionName(CommandStore.EVENTS)
			.snapshotEventsCollectionName(CommandStore.SNAPSHOTS)
			.trackingTokensCollectionName(CommandStore.TRACKING_TOKENS)
			.mongoDatabase(mongoClient, database)
			.build();
	}

	private static ObjectMapper objectMapper() {
		return new ObjectMapper().registerModule(new JavaTimeModule())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

	@Bean
	@Primary
	Serializer serializer() {
		return JacksonSerializer.builder().objectMapper(objectMapper()).build();
	}

	@Bean
	@Qualifier("eventSerializer")
	Serializer eventSerializer() {
		return new WireNameSerializer(JacksonSerializer.builder().objectMapper(objectMapper()));
	}

	@Bean
	@Qualifier("messageSerializer")
	Serializer messageSerializer() {
		return JacksonSerializer.builder().objectMapper(objectMapper()).build();
	}

	/**
	 * The aggregate's own fields, whatever their visibility; it has no getters to find.
	 */
	private static Serializer snapshotSerializer() {
		ObjectMapper mapper = objectMapper().setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
			.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
			.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
		return JacksonSerializer.builder()
			.objectMapper(mapper)
			.revisionResolver(new FixedValueRevisionResolver(SNAPSHOT_REVISION))
			.build();
	}

	/**
	 * The store itself. Axon appends through the relay's wrapper around it, the primary
	 * {@code EventStorageEngine}; the relay reads undelivered events back from it.
	 */
	@Bean
	MongoEventStorageEngine mongoEventStorageEngine(MongoTemplate axonMongoTemplate,
			@Qualifier("eventSerializer") Serializer eventSerializer) {
		return MongoEventStorageEngine.builder()
			.mongoTemplate(axonMongoTemplate)
			.eventSerializer(eventSerializer)
			.snapshotSerializer(snapshotSerializer())
			.snapshotFilter((snapshot) -> SNAPSHOT_REVISION.equals(snapshot.getPayload().getType().getRevision()))
			.upcasterChain(new EventUpcasterChain(new SchemaUpcaster(objectMapper())))
			.storageStrategy(new PointLookupStorageStrategy())
			.build();
	}

	@Bean
	TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
		return MongoTokenStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
	}

	@Bean
	SnapshotTriggerDefinition incidentSnapshotTrigger(Snapshotter snapshotter) {
		return new EventCountSnapshotTriggerDefinition(snapshotter, 250);
	}

	/** The incidents in use, held between commands (see {@link AggregateCache}). */
	@Bean
	Cache incidentCache() {
		return new AggregateCache(2_000, Duration.ofMinutes(30));
	}

}
