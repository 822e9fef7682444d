package com.nimbus.incidents.command.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command service, started against the store of the integration tests (the embedded
 * one where Docker is not there) and given a command with an {@code Idempotency-Key},
 * leaves exactly the indexes {@link CommandStore} lists on every collection of its own,
 * names, keys and uniqueness: those axon-mongo creates, the expiry of idempotency keys,
 * and {@code _id_} everywhere. The embedded store accepts and lists the non-unique ones
 * it does not use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoreIndexesIT {

	private static final String DATABASE = "command_indexes_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String TOPIC = "incident-events-indexes-it-" + UUID.randomUUID();

	@LocalServerPort
	int port;

	@Autowired
	MongoClient mongo;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	private static final int NAMESPACE_EXISTS = 48;

	@Test
	void everyCollectionHasExactlyTheListedIndexes() {
		ResponseEntity<String> declared = RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/api/incidents")
			.header("Authorization", "Bearer " + TestInfrastructure.issuer().token("dana@nimbus.example", "RESPONDER"))
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\":\"indexes\",\"severity\":\"SEV3\",\"detectionSource\":\"MONITORING\","
					+ "\"services\":[\"api\"],\"regions\":[\"eu-west-1\"]}")
			.retrieve()
			.toEntity(String.class);
		assertThat(declared.getStatusCode().value()).isEqualTo(201);

		assertThat(indexes()).isEqualTo(expected());
	}

	private Map<String, Map<String, String>> indexes() {
		MongoDatabase database = this.mongo.getDatabase(DATABASE);
		List<String> existing = database.listCollectionNames().into(new ArrayList<>());
		Map<String, Map<String, String>> found = new TreeMap<>();
		for (String collection : CommandStore.COLLECTIONS) {
			if (!existing.contains(collection)) {
				// an empty collection, as any first write leaves it: _id_ and no more
				createUnlessThere(database, collection);
			}
			Map<String, String> indexes = new TreeMap<>();
			for (Document index : database.getCollection(collection).listIndexes()) {
				indexes.put(index.getString("name"),
						describe(index.get("key", Document.class), Boolean.TRUE.equals(index.get("unique"))));
			}
			found.put(collection, indexes);
		}
		return found;
	}

	/**
	 * The service's background work (the signal placer's coverage) may create the
	 * collection between the listing and this call.
	 */
	private static void createUnlessThere(MongoDatabase database, String collection) {
		try {
			database.createCollection(collection);
		}
		catch (MongoCommandException ex) {
			if (ex.getErrorCode() != NAMESPACE_EXISTS) {
				throw ex;
			}
		}
	}

	private static Map<String, Map<String, String>> expected() {
		Map<String, Map<String, String>> expected = new TreeMap<>();
		for (String collection : CommandStore.COLLECTIONS) {
			Map<String, String> indexes = new TreeMap<>();
			indexes.put("_id_", describe(new Document("_id", 1), false));
			expected.put(collection, indexes);
		}
		for (CommandStore.Index index : CommandStore.INDEXES) {
			expected.get(index.collection()).put(index.name(), describe(index.keys(), index.unique()));
		}
		assertThat(expected.get(CommandStore.IDEMPOTENCY_KEYS)).containsEntry("createdAt_ttl", "{\"createdAt\": 1}");
		return expected;
	}

	/**
	 * The keys in order, each direction as the integer 1 or -1 (a store may answer 1.0),
	 * and whether unique.
	 */
	private static String describe(Document keys, boolean unique) {
		Document normalized = new Document();
		keys.forEach((field, direction) -> normalized.append(field, ((Number) direction).intValue()));
		return normalized.toJson() + (unique ? " unique" : "");
	}

}
