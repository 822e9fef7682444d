package com.nimbus.incidents.notifier.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.notifier.channel.ChannelKind;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The subscriptions, one document each in {@code notifier_subscriptions} keyed by
 * {@code _id}; this class alone knows their stored shape. Every access is by {@code _id},
 * except the load of all of them at start.
 */
public class SubscriptionStore {

	static final String COLLECTION = "notifier_subscriptions";

	private final MongoTemplate mongo;

	public SubscriptionStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION);
	}

	public List<Subscription> all() {
		List<Subscription> all = new ArrayList<>();
		for (Document document : collection().find()) {
			all.add(decode(document));
		}
		return all;
	}

	public Optional<Subscription> find(String id) {
		return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first()).map(SubscriptionStore::decode);
	}

	public void insert(Subscription subscription) {
		collection().insertOne(encode(subscription));
	}

	public boolean delete(String id) {
		return collection().deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
	}

	void setPaused(String id, boolean paused) {
		update(id, Updates.set("paused", paused));
	}

	void setDisabled(String id, Instant at, String reason) {
		update(id, Updates.combine(Updates.set("disabledAt", Date.from(at)), Updates.set("disabledReason", reason)));
	}

	void setFailingSince(String id, Instant since) {
		update(id, Updates.set("failingSince", Date.from(since)));
	}

	private void update(String id, Bson update) {
		collection().updateOne(Filters.eq("_id", id), update);
	}

	static Document encode(Subscription subscription) {
		Filter filter = subscription.filter();
		Document stored = new Document("_id", subscription.id()).append("owner", subscription.owner())
			.append("channel", subscription.channel().name())
			.append("target", subscription.target())
			.append("secret", subscription.secret())
			.append("name", subscription.name())
			.append("createdAt", Date.from(subscription.createdAt()))
			.append("paused", subscription.paused())
			.append("filter",
					new Document("services", List.copyOf(filter.services()))
						.append("regions", List.copyOf(filter.regions()))
						.append("minSeverity", (filter.minSeverity() != null) ? filter.minSeverity().name() : null)
						.append("types", List.copyOf(filter.types()))
						.append("incidentId", filter.incidentId())
						.append("publicOnly", filter.publicOnly()));
		if (subscription.disabledAt() != null) {
			stored.append("disabledAt", Date.from(subscription.disabledAt()))
				.append("disabledReason", subscription.disabledReason());
		}
		if (subscription.failingSince() != null) {
			stored.append("failingSince", Date.from(subscription.failingSince()));
		}
		return stored;
	}

	static Subscription decode(Document stored) {
		Document filter = stored.get("filter", Document.class);
		String minSeverity = filter.getString("minSeverity");
		return new Subscription(stored.getString("_id"), stored.getString("owner"),
				ChannelKind.valueOf(stored.getString("channel")), stored.getString("target"),
				stored.getString("secret"),
				new Filter(new LinkedHashSet<>(filter.getList("services", String.class)),
						new LinkedHashSet<>(filter.getList("regions", String.class)),
						(minSeverity != null) ? Severity.valueOf(minSeverity) : null,
						new LinkedHashSet<>(filter.getList("types", String.class)), filter.getString("incidentId"),
						filter.getBoolean("publicOnly", false)),
				stored.getString("name"), instant(stored, "createdAt"), stored.getBoolean("paused", false),
				instant(stored, "disabledAt"), stored.getString("disabledReason"), instant(stored, "failingSince"));
	}

	private static Instant instant(Document stored, String field) {
		Date date = stored.getDate(field);
		return (date != null) ? date.toInstant() : null;
	}

}
