package com.nimbus.incidents.projector.timeline;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.nimbus.incidents.projector.store.Bulk;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.customer.Components;
import com.nimbus.incidents.readmodel.customer.CustomerIncidents;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Read models of an earlier version kept one document of refs per customer and one of
 * incidents per component, each growing with all history. Once at start, before the
 * projector consumes, each is moved into the monthly buckets: a customer's refs into
 * their months ({@link CustomerIncidents#writes}), a component's incidents into its
 * {@code undated} month (their start months are not stored there; a reader reads every
 * month of a component anyway). Then the old collection is dropped. Every write is a
 * {@code $max} or an {@code $addToSet}, so a start cut off half-way is finished by the
 * next one; a store that cannot be reached now is moved by the next start.
 */
final class LegacyCustomerRefs {

	private static final Logger log = LoggerFactory.getLogger(LegacyCustomerRefs.class);

	private LegacyCustomerRefs() {
	}

	static void run(MongoTemplate mongo) {
		try {
			moveCustomers(mongo);
			moveComponents(mongo);
		}
		catch (RuntimeException ex) {
			log.warn("Could not move the customer refs of an earlier version now: {}", ex.toString());
		}
	}

	private static void moveCustomers(MongoTemplate mongo) {
		MongoCollection<Document> legacy = mongo.getCollection(ReadModelCollections.LEGACY_CUSTOMER_INCIDENTS);
		if (legacy.find().limit(1).first() == null) {
			return;
		}
		int customers = 0;
		for (Document customer : legacy.find()) {
			CustomerIncidents.Writes writes = CustomerIncidents
				.writes(Map.of(customer.getString("_id"), CustomerIncidents.refs(customer)));
			Bulk.write(mongo.getCollection(ReadModelCollections.CUSTOMER_MONTHS), writes.months());
			Bulk.write(mongo.getCollection(ReadModelCollections.CUSTOMER_INCIDENTS), writes.refs());
			customers++;
		}
		legacy.drop();
		log.info("Moved the incident refs of {} customers into monthly buckets", customers);
	}

	private static void moveComponents(MongoTemplate mongo) {
		MongoCollection<Document> legacy = mongo.getCollection(ReadModelCollections.LEGACY_COMPONENT_INCIDENTS);
		if (legacy.find().limit(1).first() == null) {
			return;
		}
		int components = 0;
		for (Document component : legacy.find()) {
			Map<YearMonth, Set<String>> undated = new HashMap<>();
			undated.put(null, Components.incidents(component));
			Components.Writes writes = Components.addIncidents(Map.of(component.getString("_id"), undated));
			Bulk.write(mongo.getCollection(ReadModelCollections.COMPONENT_MONTHS), writes.months());
			Bulk.write(mongo.getCollection(ReadModelCollections.COMPONENT_INCIDENTS), writes.incidents());
			components++;
		}
		legacy.drop();
		log.info("Moved the incidents of {} components into monthly buckets", components);
	}

}
