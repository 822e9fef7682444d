package com.nimbus.incidents.readmodel;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;

/**
 * One secondary index of a read-model collection: its name and its keys in order.
 * Creating it is idempotent: MongoDB does nothing when an index of that name and keys
 * exists. An index whose keys change must get a new name (MongoDB refuses to change the
 * keys under an existing name), and the old one dropped by hand.
 */
public record ReadModelIndex(String collection, String name, List<Key> keys, boolean unique) {

	public ReadModelIndex {
		keys = List.copyOf(keys);
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("An index needs keys: " + name);
		}
	}

	public ReadModelIndex(String collection, String name, List<Key> keys) {
		this(collection, name, keys, false);
	}

	/**
	 * A field of the index, ascending or descending.
	 */
	public record Key(String field, boolean ascending) {

		int direction() {
			return this.ascending ? 1 : -1;
		}

	}

	public static Key asc(String field) {
		return new Key(field, true);
	}

	public static Key desc(String field) {
		return new Key(field, false);
	}

	/**
	 * The keys as MongoDB names them: field to 1 (ascending) or -1 (descending), in
	 * order.
	 */
	public Document keyDocument() {
		Document document = new Document();
		this.keys.forEach((key) -> document.append(key.field(), key.direction()));
		return document;
	}

	public void create(MongoDatabase database) {
		database.getCollection(this.collection)
			.createIndex(keyDocument(), new IndexOptions().name(this.name).unique(this.unique));
	}

}
