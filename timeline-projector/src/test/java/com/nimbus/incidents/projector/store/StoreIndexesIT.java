package com.nimbus.incidents.projector.store;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.mongodb.client.MongoDatabase;
import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.projector.consumer.RebuildControl;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelIndex;
import com.nimbus.incidents.readmodel.ReadModelIndexes;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector, started against the store of the integration tests (the embedded one
 * where Docker is not there), leaves exactly the declared indexes on every collection it
 * owns, names, keys and uniqueness: {@code _id_} everywhere, and {@link ReadModelIndexes}
 * where declared. The embedded store accepts and lists the secondary indexes it does not
 * use. A rebuild drops the collections and with them their indexes: they are there again
 * before any event is replayed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoreIndexesIT {

	private static final String DATABASE = "store_indexes_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String TOPIC = "incident-events-indexes-it-" + UUID.randomUUID();

	@Autowired
	MongoTemplate mongo;

	@Autowired
	ProjectorLoop loop;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.contract-topic", () -> TOPIC + "-contracts");
		registry.add("kafka.group-id", () -> "indexes-it-" + UUID.randomUUID());
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeAll
	static void createTopics() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()))) {
			admin
				.createTopics(
						List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic(TOPIC + "-contracts", 1, (short) 1)))
				.all()
				.get();
		}
	}

	@Test
	void everyCollectionHasExactlyTheDeclaredIndexesAtStartAndAfterARebuild() {
		assertThat(indexes()).isEqualTo(expected());

		this.loop.requestRebuild();

		assertThat(indexes()).isEqualTo(expected());
	}

	/**
	 * Per collection the projector owns, index name to keys.
	 */
	private Map<String, Map<String, String>> indexes() {
		MongoDatabase database = this.mongo.getDb();
		List<String> existing = database.listCollectionNames().into(new ArrayList<>());
		Map<String, Map<String, String>> found = new TreeMap<>();
		for (String collection : collections()) {
			if (!existing.contains(collection)) {
				// an empty collection, as any first write leaves it: _id_ and no more
				database.createCollection(collection);
			}
			Map<String, String> indexes = new TreeMap<>();
			for (Document index : database.getCollection(collection).listIndexes()) {
				indexes.put(index.getString("name"), keys(index.get("key", Document.class))
						+ (Boolean.TRUE.equals(index.get("unique")) ? " unique" : ""));
			}
			found.put(collection, indexes);
		}
		return found;
	}

	private static Map<String, Map<String, String>> expected() {
		Map<String, List<ReadModelIndex>> declared = ReadModelIndexes.byCollection();
		Map<String, Map<String, String>> expected = new TreeMap<>();
		for (String collection : collections()) {
			Map<String, String> indexes = new TreeMap<>();
			indexes.put("_id_", "{\"_id\": 1}");
			for (ReadModelIndex index : declared.getOrDefault(collection, List.of())) {
				indexes.put(index.name(), keys(index.keyDocument()) + (index.unique() ? " unique" : ""));
			}
			expected.put(collection, indexes);
		}
		assertThat(expected.get(ReadModelCollections.INCIDENT_LIST)).hasSize(7);
		assertThat(expected.get(ReadModelCollections.INCIDENT_SUMMARIES)).containsOnlyKeys("_id_",
				"summary_by_id_and_version");
		assertThat(expected.get(ReadModelCollections.INCIDENT_LIST_BUCKETS)).containsOnlyKeys("_id_",
				"buckets_by_revision");
		// the catalog is read by _id alone: its names and the admin's list
		assertThat(expected.get(ReadModelCollections.CATALOG)).containsOnlyKeys("_id_");
		assertThat(expected.get(ReadModelCollections.CATALOG_ADMIN)).containsOnlyKeys("_id_");
		return expected;
	}

	/**
	 * Every read-model collection, and the projector's own.
	 */
	private static List<String> collections() {
		List<String> collections = new ArrayList<>(List.of(DeadLetters.COLLECTION, RebuildControl.COLLECTION));
		for (Field field : ReadModelCollections.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				try {
					collections.add((String) field.get(null));
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return collections;
	}

	/**
	 * The keys in order, each direction as the integer 1 or -1 (a store may answer 1.0).
	 */
	private static String keys(Document keys) {
		Document normalized = new Document();
		keys.forEach((field, direction) -> normalized.append(field, ((Number) direction).intValue()));
		return normalized.toJson();
	}

}
