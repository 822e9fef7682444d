package com.nimbus.incidents.localstack;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's documents are written as BSON when BSON gives every value back as it was,
 * as before otherwise, and a store file written before is read and extended.
 */
class DocumentValueTypeTest {

	private final DocumentValueType type = new DocumentValueType();

	@Test
	void aDocumentOfEveryValueBsonHoldsComesBackEqualWithTheSameJavaTypes() {
		Document nested = new Document("amount", new Decimal128(new java.math.BigDecimal("1234.5600")))
			.append("when", Instant.parse("2025-03-04T05:06:07.891Z"))
			.append("none", null);
		List<Object> list = new ArrayList<>(List.of("a", 1, 2L, 3.5, nested));
		Document document = new Document("_id", "INC-1:7").append("int", 42)
			.append("long", 42L)
			.append("double", -0.0)
			.append("nan", Double.NaN)
			.append("text", "Région down — ✓ 🚒")
			.append("flag", true)
			.append("objectId", new ObjectId())
			.append("uuid", UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"))
			.append("binary", new BinData(new byte[] { 0, 1, 2, (byte) 255 }))
			.append("timestamp", new BsonTimestamp(7_000_000_001L))
			.append("min", MinKey.getInstance())
			.append("max", MaxKey.getInstance())
			.append("list", list)
			.append("empty", new Document());

		byte[] written = write(document);
		assertThat(written[0]).isEqualTo(DocumentValueType.BSON_DOCUMENT);
		Document read = (Document) read(written);

		assertThat(read).isEqualTo(document);
		assertThat(read.keySet()).containsExactlyElementsOf(document.keySet());
		assertThat(read.get("int")).isInstanceOf(Integer.class);
		assertThat(read.get("long")).isInstanceOf(Long.class);
		assertThat(Double.doubleToRawLongBits((Double) read.get("double"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
		assertThat((List<?>) read.get("list")).element(1).isInstanceOf(Integer.class);
		assertThat((List<?>) read.get("list")).element(2).isInstanceOf(Long.class);
	}

	@Test
	void aDocumentWithAValueBsonWouldChangeIsWrittenAsBefore() {
		Set<String> set = new LinkedHashSet<>(List.of("b", "a"));
		for (Object value : List.of(Instant.parse("2025-03-04T05:06:07.891234Z"), new Date(0L), set, (short) 3,
				Instant.MAX)) {
			Document document = new Document("_id", "x").append("value", value);
			byte[] written = write(document);
			assertThat(written[0]).as("%s", value).isNotEqualTo(DocumentValueType.BSON_DOCUMENT);
			assertThat(read(written)).as("%s", value).isEqualTo(document);
			assertThat(((Document) read(written)).get("value")).isInstanceOf(value.getClass());
		}
		Document keyWithNul = new Document("a\0b", 1);
		assertThat(write(keyWithNul)[0]).isNotEqualTo(DocumentValueType.BSON_DOCUMENT);
		assertThat(read(write(keyWithNul))).isEqualTo(keyWithNul);
	}

	@Test
	void valuesWrittenByH2sOwnTypeAreReadAsBefore() {
		ObjectDataType own = new ObjectDataType();
		for (Object value : List.of(new Document("_id", 1).append("text", "old"), 17L, "position", 3)) {
			WriteBuffer buffer = new WriteBuffer();
			own.write(buffer, value);
			assertThat(read(bytes(buffer))).isEqualTo(value);
		}
	}

	@Test
	void aStoreWrittenBeforeIsReadAndExtendedAndWhatItWritesNowIsBson(@TempDir Path directory) {
		String file = directory.resolve("store.mv").toString();
		MongoServer before = new MongoServer(new H2Backend(file));
		InetSocketAddress address = before.bind();
		try (MongoClient client = client(address)) {
			MongoCollection<org.bson.Document> notes = client.getDatabase("store").getCollection("notes");
			for (int i = 0; i < 500; i++) {
				notes.insertOne(new org.bson.Document("_id", "old-" + i).append("n", i).append("text", "note " + i));
			}
		}
		before.shutdown();

		for (int start = 0; start < 2; start++) {
			MongoServer after = new MongoServer(new DurableH2Backend(file, DurableH2Backend.Durability.COMMIT));
			address = after.bind();
			try (MongoClient client = client(address)) {
				MongoCollection<org.bson.Document> notes = client.getDatabase("store").getCollection("notes");
				if (start == 0) {
					for (int i = 0; i < 500; i++) {
						notes.insertOne(new org.bson.Document("_id", "new-" + i).append("n", i)
							.append("at", new Date(1_700_000_000_000L + i))
							.append("tags", List.of("a", "b")));
					}
					notes.updateOne(Filters.eq("_id", "old-7"), Updates.set("text", "edited"));
				}
				assertThat(notes.countDocuments()).isEqualTo(1000);
				assertThat(notes.find(Filters.eq("_id", "old-7")).first().getString("text")).isEqualTo("edited");
				assertThat(notes.find(Filters.eq("_id", "old-499")).first().getInteger("n")).isEqualTo(499);
				org.bson.Document fresh = notes.find(Filters.eq("_id", "new-3")).first();
				assertThat(fresh.getDate("at")).isEqualTo(new Date(1_700_000_000_003L));
				assertThat(fresh.getList("tags", String.class)).containsExactly("a", "b");
				assertThat(fresh.get("n")).isInstanceOf(Integer.class);
			}
			finally {
				after.shutdown();
			}
		}

		// read with H2's own type alone, the documents written now are not Java
		// serialization
		MVStore raw = new MVStore.Builder().fileName(file).readOnly().open();
		try {
			MVMap<Object, Object> documents = raw.openMap(DurableH2Backend.DOCUMENT_MAPS + "store.notes");
			assertThat(documents.size()).isEqualTo(1000);
			assertThatThrownBy(() -> documents.values().forEach((document) -> {
			})).hasMessageContaining("120");
		}
		finally {
			raw.close();
		}
	}

	private byte[] write(Object value) {
		WriteBuffer buffer = new WriteBuffer();
		this.type.write(buffer, value);
		return bytes(buffer);
	}

	private static byte[] bytes(WriteBuffer buffer) {
		ByteBuffer written = buffer.getBuffer();
		written.flip();
		byte[] bytes = new byte[written.remaining()];
		written.get(bytes);
		return bytes;
	}

	private Object read(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		Object value = this.type.read(buffer);
		assertThat(buffer.remaining()).as("bytes left after the value").isZero();
		return value;
	}

	private static MongoClient client(InetSocketAddress address) {
		return MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
	}

}
