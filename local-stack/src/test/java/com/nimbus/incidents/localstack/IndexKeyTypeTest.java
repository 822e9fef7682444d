package com.nimbus.incidents.localstack;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
import de.bwaldvogel.mongo.bson.ObjectId;
import org.bson.Document;
import org.h2.mvstore.WriteBuffer;
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
	void plainKeysCompareFromTheirValuesAsTheirJavaSerializationsDo() {
		Random random = new Random(20261203L);
		List<KeyValue> keys = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			keys.add(plainKey(random));
		}
		// a string and a number that are the very object of an earlier value of the key,
		// which Java writes as a back reference: compared by the bytes, as before
		String shared = "INC-" + random.nextInt(3);
		keys.add(new KeyValue(shared, shared));
		Long small = 7L;
		keys.add(new KeyValue(small, small));
		IndexKeyType fast = new IndexKeyType();
		ObjectDataType own = new ObjectDataType();
		int plain = 0;
		for (KeyValue a : keys) {
			for (KeyValue b : keys) {
				KeyValue copy = (KeyValue) ObjectDataType.deserialize(ObjectDataType.serialize(b));
				int expected = Integer.signum(own.compare(a, copy));
				assertThat(Integer.signum(fast.compare(a, copy))).as("%s vs %s", a, b).isEqualTo(expected);
				int fromValues = PlainIndexKeys.compare(a, copy);
				if (fromValues != PlainIndexKeys.NOT_PLAIN) {
					assertThat(fromValues).as("%s vs %s", a, b).isEqualTo(expected);
					plain++;
				}
			}
		}
		// of the pairs, a third are of one size and half of those agree in their first
		// value's type: all those are compared from their values
		assertThat(plain).isGreaterThan(keys.size() * keys.size() / 8);
		assertThat(PlainIndexKeys.compare(new KeyValue(shared, shared), new KeyValue(shared, "other")))
			.isEqualTo(PlainIndexKeys.NOT_PLAIN);
	}

	@Test
	void aPlainKeyIsStoredBehindItsTagAndReadBackAsTheSameBytesOfJava() {
		Random random = new Random(7L);
		IndexKeyType type = new IndexKeyType();
		for (int i = 0; i < 500; i++) {
			KeyValue key = plainKey(random);
			WriteBuffer buffer = new WriteBuffer();
			type.write(buffer, key);
			ByteBuffer written = buffer.getBuffer().flip();
			assertThat(written.get(0)).isEqualTo(IndexKeyType.PLAIN_KEY);
			KeyValue read = (KeyValue) type.read(written);
			assertThat(written.remaining()).isZero();
			assertThat(read).isEqualTo(key);
			assertThat(ObjectDataType.serialize(read)).as("%s", key).isEqualTo(ObjectDataType.serialize(key));
		}
	}

	@Test
	void keysThatAreNotPlainAreStoredAsBeforeAndReadBack() {
		IndexKeyType type = new IndexKeyType();
		String shared = "INC-1";
		List<KeyValue> keys = List.of(new KeyValue(shared, shared), new KeyValue(5L, 5L), new KeyValue(3, 3),
				new KeyValue(new de.bwaldvogel.mongo.bson.Document("k", 1)), new KeyValue(2.5), new KeyValue(true));
		for (KeyValue key : keys) {
			WriteBuffer buffer = new WriteBuffer();
			type.write(buffer, key);
			ByteBuffer written = buffer.getBuffer().flip();
			assertThat(written.get(0)).as("%s", key).isNotEqualTo(IndexKeyType.PLAIN_KEY);
			KeyValue read = (KeyValue) type.read(written);
			assertThat(read).isEqualTo(key);
			assertThat(ObjectDataType.serialize(read)).isEqualTo(ObjectDataType.serialize(key));
		}
		// a key written by H2's own type (a store file written before) is read as before
		WriteBuffer before = new WriteBuffer();
		new ObjectDataType().write(before, new KeyValue("INC-9", 4L));
		assertThat(type.read(before.getBuffer().flip())).isEqualTo(new KeyValue("INC-9", 4L));
	}

	/**
	 * One to three values, each a string (ASCII, accents, CJK, emoji as surrogate pairs,
	 * the NUL char, empty), a long or an int (negative too), an object id or null.
	 */
	private static KeyValue plainKey(Random random) {
		int size = 1 + random.nextInt(3);
		Object[] values = new Object[size];
		for (int i = 0; i < size; i++) {
			// the first value of a few kinds only, so that many pairs agree in type
			int kind = (i == 0) ? random.nextInt(2) : random.nextInt(6);
			values[i] = switch (kind) {
				case 0 -> text(random);
				case 1 -> (long) (random.nextInt(41) - 20) * ((random.nextInt(4) == 0) ? 1_000_000_007L : 1L);
				case 2 -> random.nextInt(21) - 10;
				case 3 -> new ObjectId(new byte[] { (byte) random.nextInt(3), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
						(byte) (random.nextInt(256) - 128) });
				case 4 -> null;
				default -> text(random);
			};
		}
		KeyValue key = new KeyValue(values);
		return PlainIndexKeys.storable(key) ? key : plainKey(random);
	}

	private static String text(Random random) {
		String[] pieces = { "a", "b", "Z", "é", "ß", "中", "\uD83D\uDE92", "\u0000", "\u007F", "\u0080", "\u07FF",
				"\u0800", "\uFFFF", "-", "INC-" };
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(5);
		for (int i = 0; i < length; i++) {
			text.append(pieces[random.nextInt(pieces.length)]);
		}
		return text.toString();
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
