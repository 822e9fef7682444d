package com.nimbus.incidents.support.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.nimbus.incidents.localstack.EmbeddedMongoStore;
import com.nimbus.incidents.localstack.FreePorts;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the embedded store: a bulk write goes as commands of at most the chunk's size,
 * in order, and every write is applied once.
 */
class ChunkedBulkIT {

	@Test
	void aBulkWriteIsSentAsCommandsOfAtMostTheChunkInOrder() throws Exception {
		List<Integer> commandSizes = new CopyOnWriteArrayList<>();
		CommandListener listener = new CommandListener() {
			@Override
			public void commandStarted(CommandStartedEvent event) {
				if (event.getCommandName().equals("insert") || event.getCommandName().equals("update")) {
					String field = event.getCommandName().equals("insert") ? "documents" : "updates";
					commandSizes.add(event.getCommand().getArray(field).size());
				}
			}
		};
		try (EmbeddedMongoStore store = EmbeddedMongoStore.start(null, "127.0.0.1", FreePorts.next());
				MongoClient client = MongoClients.create(MongoClientSettings.builder()
					.applyConnectionString(new ConnectionString(store.connectionString()))
					.addCommandListener(listener)
					.build())) {
			MongoCollection<Document> rows = client.getDatabase("chunks").getCollection("rows");
			List<WriteModel<Document>> writes = new ArrayList<>();
			for (int i = 0; i < 250; i++) {
				writes.add(new InsertOneModel<>(new Document("_id", i).append("n", 0)));
			}
			// after the inserts, in a later command: each row counted once
			for (int i = 0; i < 250; i += 50) {
				writes.add(new UpdateOneModel<>(Filters.eq("_id", i), Updates.inc("n", 1)));
			}

			ChunkedBulk.write(rows, writes, new BulkWriteOptions().ordered(true), 100);

			assertThat(commandSizes).containsExactly(100, 100, 50, 5);
			assertThat(rows.countDocuments()).isEqualTo(250);
			assertThat(rows.countDocuments(Filters.eq("n", 1))).isEqualTo(5);
			assertThat(rows.find(Filters.eq("_id", 200)).first().getInteger("n")).isEqualTo(1);
		}
	}

}
