package com.nimbus.incidents.localstack;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The unique indexes' key type orders keys exactly as H2's own type does, so a store
 * written before it is read, searched and extended by it.
 */
class IndexKeyTypeTest {

	@Test
	void everyPairOfKeysComparesAsWithH2sOwnType() {
		Random random = new Random(20211207L);
		List<KeyValue> keys = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			keys.add(switch (i % 5) {
				case 0 -> new KeyValue("INC-" + random.nextInt(1000));
				case 1 ->
					new KeyValue("INC-" + random.nextInt(1000) + ":" + random.nextInt(20), (long) random.nextInt(9));
				case 2 -> new KeyValue((long) random.nextInt(100_000));
				case 3 -> new KeyValue(random.nextInt(100), "x".repeat(random.nextInt(40)));
				default -> new KeyValue(new de.bwaldvogel.mongo.bson.Document("k", random.nextInt(10)));
			});
		}
		IndexKeyType fast = new IndexKeyType();
		ObjectDataType own = new ObjectDataType();
		int compared = 0;
		for (KeyValue a : keys) {
			for (KeyValue b : keys) {
				// b's copy: an equal key that is another object, as a search key is
				KeyValue copy = (KeyValue) ObjectDataType.deserialize(ObjectDataType.serialize(b));
				assertThat(Integer.signum(fast.compare(a, b))).isEqualTo(Integer.signum(own.compare(a, b)));
				assertThat(Integer.signum(fast.compare(a, copy))).isEqualTo(Integer.signum(own.compare(a, copy)));
				compared++;
			}
		}
		assertThat(compared).isEqualTo(90_000);
		assertThat(fast.compare("a", "b")).isEqualTo(own.compare("a", "b"));
	}

	@Test
	void aStoreWrittenWithH2sOwnTypeIsFoundAndExtended(@TempDir Path directory) {
		String file = directory.resolve("store.mv").toString();
		List<String> ids = new ArrayList<>();
		H2Backend plain = new H2Backend(file);
		MongoServer before = new MongoServer(plain);
		InetSocketAddress address = before.bind();
		try (MongoClient client = client(address)) {
			MongoCollection<Document> entries = client.getDatabase("store").getCollection("entries");
			entries.createIndex(Indexes.ascending("incidentId", "sequence"), new IndexOptions().unique(true));
			List<Document> documents = new ArrayList<>();
			for (int i = 0; i < 3000; i++) {
				String id = "INC-" + (i % 97) + ":" + i;
				ids.add(id);
				documents.add(new Document("_id", id).append("incidentId", "INC-" + (i % 97)).append("sequence", i));
			}
			entries.insertMany(documents);
		}
		before.shutdown();

		MongoServer after = new MongoServer(new DurableH2Backend(file, DurableH2Backend.Durability.COMMIT));
		address = after.bind();
		try (MongoClient client = client(address)) {
			MongoCollection<Document> entries = client.getDatabase("store").getCollection("entries");
			for (String id : ids) {
				assertThat(entries.find(Filters.eq("_id", id)).first()).as(id).isNotNull();
			}
			assertThat(entries.find(new Document("incidentId", "INC-5").append("sequence", 5)).first().getString("_id"))
				.isEqualTo("INC-5:5");
			assertThatThrownBy(() -> entries.insertOne(new Document("_id", "INC-5:5")))
				.isInstanceOf(MongoWriteException.class)
				.hasMessageContaining("E11000");
			assertThatThrownBy(() -> entries
				.insertOne(new Document("_id", "new").append("incidentId", "INC-5").append("sequence", 5)))
				.isInstanceOf(MongoWriteException.class)
				.hasMessageContaining("E11000");
			entries.insertOne(new Document("_id", "INC-5:3000").append("incidentId", "INC-5").append("sequence", 3000));
			assertThat(entries.countDocuments()).isEqualTo(3001);
			assertThat(entries.find(Filters.in("_id", "INC-5:3000", "INC-96:96", "missing")).into(new ArrayList<>()))
				.hasSize(2);
		}
		finally {
			after.shutdown();
		}
	}

	private static MongoClient client(InetSocketAddress address) {
		return MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
	}

}
