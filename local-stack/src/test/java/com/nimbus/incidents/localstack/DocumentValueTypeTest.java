package com.nimbus.incidents.localstack;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents are stored as BSON and read back equal; values of every other type, and
 * documents a store holds from before (Java-serialized), are read as H2 wrote them.
 */
class DocumentValueTypeTest {

	private static de.bwaldvogel.mongo.bson.Document sample(int i) {
		return new de.bwaldvogel.mongo.bson.Document("_id", "INC-" + i + ":" + i).append("sequence", (long) i)
			.append("count", i)
			.append("ratio", i / 4.0)
			.append("open", i % 2 == 0)
			.append("endedAt", null)
			.append("recordedAt", Instant.ofEpochMilli(1_764_547_200_000L + i))
			.append("envelope", "{\"type\":\"NoteAdded\",\"text\":\"caf\u00e9 \u2603 " + i + "\"}")
			.append("services", List.of("compute-api", "dns"))
			.append("nested", new de.bwaldvogel.mongo.bson.Document("a", List.of(1, 2L, "three")).append("b",
					new de.bwaldvogel.mongo.bson.Document()));
	}

	@Test
	void aDocumentIsWrittenAsBsonAndReadBackEqualBesideOtherValues() {
		DocumentValueType type = new DocumentValueType();
		WriteBuffer buffer = new WriteBuffer();
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			values.add(sample(i));
			values.add("plain-" + i);
			values.add((long) i);
		}
		for (Object value : values) {
			type.write(buffer, value);
		}
		ByteBuffer written = buffer.getBuffer();
		written.flip();
		assertThat(written.get(0)).isEqualTo(BsonInPages.TAG);
		for (Object value : values) {
			assertThat(type.read(written)).isEqualTo(value);
		}
		assertThat(written.hasRemaining()).isFalse();
	}

	@Test
	void aDocumentJavaSerializedByH2sOwnTypeIsRead() {
		WriteBuffer buffer = new WriteBuffer();
		new ObjectDataType().write(buffer, sample(7));
		ByteBuffer written = buffer.getBuffer();
		written.flip();
		assertThat(new DocumentValueType().read(written)).isEqualTo(sample(7));
	}

	@Test
	void aStoreWrittenWithH2sOwnTypeIsReadUpdatedAndReopened(@TempDir Path directory) {
		String file = directory.resolve("store.mv").toString();
		MongoServer before = new MongoServer(new H2Backend(file));
		InetSocketAddress address = before.bind();
		try (MongoClient client = client(address)) {
			MongoCollection<Document> entries = client.getDatabase("store").getCollection("entries");
			List<Document> documents = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				documents.add(new Document("_id", "INC-" + i).append("sequence", i).append("text", "before " + i));
			}
			entries.insertMany(documents);
		}
		before.shutdown();

		MongoServer after = new MongoServer(new DurableH2Backend(file, DurableH2Backend.Durability.COMMIT));
		address = after.bind();
		try (MongoClient client = client(address)) {
			MongoCollection<Document> entries = client.getDatabase("store").getCollection("entries");
			assertThat(entries.find(Filters.eq("_id", "INC-1999")).first().getString("text")).isEqualTo("before 1999");
			entries.updateOne(Filters.eq("_id", "INC-5"), Updates.set("text", "after 5"));
			entries.insertOne(new Document("_id", "INC-2000").append("sequence", 2000)
				.append("at", Date.from(Instant.parse("2026-12-01T09:00:00.123Z")))
				.append("credit", new Decimal128(new BigDecimal("1234.5678"))));
		}
		after.shutdown();

		DurableH2Backend backend = new DurableH2Backend(file, DurableH2Backend.Durability.COMMIT);
		MongoServer again = new MongoServer(backend);
		address = again.bind();
		try (MongoClient client = client(address)) {
			MongoCollection<Document> entries = client.getDatabase("store").getCollection("entries");
			assertThat(entries.countDocuments()).isEqualTo(2001);
			assertThat(backend.getMvStore().openMap(DurableH2Backend.DATA_MAP_PREFIX + "store.entries").getValueType())
				.isInstanceOf(DocumentValueType.class);
			assertThat(entries.find(Filters.eq("_id", "INC-5")).first().getString("text")).isEqualTo("after 5");
			assertThat(entries.find(Filters.eq("_id", "INC-6")).first().getString("text")).isEqualTo("before 6");
			Document added = entries.find(Filters.eq("_id", "INC-2000")).first();
			assertThat(added.getDate("at").toInstant()).isEqualTo(Instant.parse("2026-12-01T09:00:00.123Z"));
			assertThat(added.get("credit", Decimal128.class).bigDecimalValue()).isEqualByComparingTo("1234.5678");
			assertThat(entries.find(Filters.gte("sequence", 1995)).into(new ArrayList<>())).hasSize(6);
		}
		finally {
			again.shutdown();
		}
	}

	private static MongoClient client(InetSocketAddress address) {
		return MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
	}

}
