package com.nimbus.incidents.command.catalog;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

/**
 * The admin-edited part of the catalog: one document, {@code _id} {@value #ID}, in the
 * read store's {@value #COLLECTION}, which the query service reads beside the names the
 * projector gathers (ADR 0023). Replaced whole by each edit; a projector rebuild drops
 * only what it can replay, never this.
 */
class AdminCatalog {

	/**
	 * The collection's name, as {@code ReadModelCollections.CATALOG_ADMIN} in the read
	 * models.
	 */
	static final String COLLECTION = "catalog_admin";

	static final String ID = "admin";

	private final MongoCollection<Document> collection;

	AdminCatalog(MongoCollection<Document> collection) {
		this.collection = collection;
	}

	record Edited(List<String> services, List<String> regions, Instant updatedAt, String updatedBy) {
	}

	Edited replace(List<String> services, List<String> regions, Instant at, String by) {
		this.collection.replaceOne(Filters.eq("_id", ID),
				new Document("_id", ID).append("services", services)
					.append("regions", regions)
					.append("updatedAt", Date.from(at))
					.append("updatedBy", by),
				new ReplaceOptions().upsert(true));
		return new Edited(services, regions, at, by);
	}

}
