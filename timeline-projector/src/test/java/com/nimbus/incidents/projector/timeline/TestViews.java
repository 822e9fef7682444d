package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import org.bson.Document;

/**
 * The views of impact windows, dumped for comparison: documents by {@code _id}, and the
 * sets they hold (stored as arrays, in the order the writes came) sorted, since two runs
 * that group the same records into other polls add the same members in another order.
 */
public final class TestViews {

	/**
	 * Every view of impact windows and customers.
	 */
	public static final List<String> IMPACT_VIEWS = List.of(ReadModelCollections.INCIDENT_IMPACT_FACTS,
			ReadModelCollections.IMPACT_MONTHS, ReadModelCollections.IMPACT_OPEN,
			ReadModelCollections.COMPONENT_CUSTOMERS, ReadModelCollections.COMPONENT_MONTHS,
			ReadModelCollections.COMPONENT_INCIDENTS);

	private TestViews() {
	}

	public static Map<String, List<Document>> dump(MongoDatabase database) {
		Map<String, List<Document>> views = new LinkedHashMap<>();
		for (String view : IMPACT_VIEWS) {
			List<Document> documents = new ArrayList<>();
			database.getCollection(view)
				.find()
				.sort(Sorts.ascending("_id"))
				.forEach((document) -> documents.add(unordered(document)));
			views.put(view, documents);
		}
		return views;
	}

	private static Document unordered(Document document) {
		Document copy = new Document();
		document.forEach((key, value) -> copy.put(key, unordered(value)));
		return copy;
	}

	private static Object unordered(Object value) {
		if (value instanceof Document document) {
			return unordered(document);
		}
		if (value instanceof List<?> list) {
			List<Object> sorted = new ArrayList<>();
			list.forEach((element) -> sorted.add(unordered(element)));
			sorted.sort(Comparator.comparing(TestViews::text));
			return sorted;
		}
		return value;
	}

	private static String text(Object value) {
		return (value instanceof Document document) ? document.toJson() : String.valueOf(value);
	}

}
