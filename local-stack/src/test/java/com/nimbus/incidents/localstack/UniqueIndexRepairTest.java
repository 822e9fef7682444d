package com.nimbus.incidents.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store file left by a process that died while a commit held an index half-way through
 * a write (made here by editing the file's maps): the next start mends its unique
 * indexes, and a lookup through them finds every document again; a cleanly closed file is
 * opened as it is.
 */
class UniqueIndexRepairTest {

	private static final String INDEX = "summary_by_id_and_version";

	@TempDir
	Path dir;

	@Test
	void aStartAfterAnUncleanEndMendsTheUniqueIndexesFromTheDocuments() throws Exception {
		Path file = this.dir.resolve("store.mv");
		EmbeddedMongoStore store = EmbeddedMongoStore.start(file, "127.0.0.1", FreePorts.next());
		try (MongoClient client = MongoClients.create(store.connectionString())) {
			MongoCollection<Document> summaries = summaries(client);
			summaries.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name(INDEX));
			for (String id : List.of("a", "b", "c")) {
				summaries.insertOne(new Document("_id", id).append("version", 1L));
			}
		}
		store.close();

		// what a commit in the middle of two writes stores, then the process dies: b's
		// key missing from the index, c's document at version 2 beside its index entry
		// at version 1
		try (MVStore mv = new MVStore.Builder().fileName(file.toString()).open()) {
			MVMap<Object, Object> index = mv.openMap("test.summaries._index_" + INDEX);
			List<Object> keys = new ArrayList<>(index.keySet());
			Object b = keys.stream().filter((key) -> key.toString().contains("\"b\"")).findFirst().orElseThrow();
			index.remove(b);
			MVMap<Object, Object> documents = mv.openMap(DurableH2Backend.DOCUMENT_MAPS + "test.summaries",
					new MVMap.Builder<Object, Object>().valueType(new DocumentValueType()));
			de.bwaldvogel.mongo.bson.Document c = (de.bwaldvogel.mongo.bson.Document) documents.get("c");
			c.put("version", 2L);
			documents.put("c", c);
			mv.<String, Object>openMap("nimbus.store-state").put("open", Boolean.TRUE);
		}

		store = EmbeddedMongoStore.start(file, "127.0.0.1", FreePorts.next());
		try (MongoClient client = MongoClients.create(store.connectionString())) {
			MongoCollection<Document> summaries = summaries(client);
			assertThat(summaries.find(new Document("_id", "b").append("version", 1L)).first()).isNotNull();
			assertThat(summaries.find(new Document("_id", "c").append("version", 2L)).first()).isNotNull();
			assertThat(summaries.find(new Document("_id", "c").append("version", 1L)).first()).isNull();
			assertThat(summaries.find(new Document("_id", "a").append("version", 1L)).first()).isNotNull();
			// and the index is whole again: c written at its version through it
			assertThat(summaries
				.replaceOne(new Document("_id", "c").append("version", 2L),
						new Document("_id", "c").append("version", 3L))
				.getMatchedCount()).isEqualTo(1);
		}
		finally {
			store.close();
		}
		try (MVStore mv = new MVStore.Builder().fileName(file.toString()).open()) {
			Map<String, Object> state = mv.openMap("nimbus.store-state");
			assertThat(state).containsEntry("open", Boolean.FALSE);
		}
	}

	private static MongoCollection<Document> summaries(MongoClient client) {
		return client.getDatabase("test").getCollection("summaries");
	}

}
