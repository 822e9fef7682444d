package com.nimbus.incidents.notifier.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.notifier.delivery.LaneStore;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The incident contexts, one document per incident in {@code notifier_incidents} by
 * {@code _id}, with the most recently used ones in memory (read once per poll with
 * {@code _id $in} for those not held, held as folded, written once per poll in one bulk
 * write on the barrier thread). A failed poll forgets what is held, which may be ahead of
 * the store.
 */
class ContextStore {

	static final String COLLECTION = "notifier_incidents";

	private static final int HELD = 50_000;

	private final MongoTemplate mongo;

	private final Map<String, IncidentContext> held = new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, IncidentContext> eldest) {
			return size() > HELD;
		}
	};

	ContextStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION).withWriteConcern(LaneStore.DEFERRED);
	}

	synchronized Map<String, IncidentContext> load(Set<String> incidentIds) {
		Map<String, IncidentContext> found = new HashMap<>();
		Set<String> missing = new HashSet<>();
		for (String id : incidentIds) {
			IncidentContext context = this.held.get(id);
			if (context != null) {
				found.put(id, context);
			}
			else {
				missing.add(id);
			}
		}
		if (!missing.isEmpty()) {
			for (Document stored : collection().find(Filters.in("_id", missing))) {
				IncidentContext context = decode(stored);
				found.put(context.id(), context);
				this.held.put(context.id(), context);
			}
		}
		return found;
	}

	/**
	 * Holds a poll's contexts as folded, ahead of the store, so that the next polls read
	 * them from memory while they are saved on the barrier thread ({@link #save}); a poll
	 * that fails makes the intake {@link #forget} them. (Held for up to four polls: far
	 * fewer incidents than the 50,000 held before the oldest leaves.)
	 */
	synchronized void hold(Collection<IncidentContext> contexts) {
		contexts.forEach((context) -> this.held.put(context.id(), context));
	}

	/**
	 * Writes a poll's contexts (held already), in one bulk write; polls are saved one at
	 * a time, in order.
	 */
	void save(Collection<IncidentContext> contexts) {
		if (contexts.isEmpty()) {
			return;
		}
		List<WriteModel<Document>> writes = new ArrayList<>();
		for (IncidentContext context : contexts) {
			writes.add(new ReplaceOneModel<>(Filters.eq("_id", context.id()), encode(context),
					new ReplaceOptions().upsert(true)));
		}
		collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
	}

	synchronized void forget() {
		this.held.clear();
	}

	static Document encode(IncidentContext context) {
		return new Document("_id", context.id()).append("title", context.title())
			.append("severity", context.severity())
			.append("status", context.status())
			.append("services", List.copyOf(context.services()))
			.append("regions", List.copyOf(context.regions()))
			.append("version", context.version());
	}

	static IncidentContext decode(Document stored) {
		return new IncidentContext(stored.getString("_id"), stored.getString("title"), stored.getString("severity"),
				stored.getString("status"), new LinkedHashSet<>(stored.getList("services", String.class, List.of())),
				new LinkedHashSet<>(stored.getList("regions", String.class, List.of())),
				((Number) stored.get("version")).longValue());
	}

}
