package com.nimbus.incidents.projector.parked;

import com.nimbus.incidents.readmodel.ReadModelCollections;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.nimbus.incidents.projector.store.Writes;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Events waiting for a gap in their aggregate's sequence, one document each, apart from
 * the aggregate's summary: a summary that held them could grow past MongoDB's 16 MiB when
 * a gap stays open under a stream of events. Keyed by aggregate id and zero-padded
 * sequence ({@code INC-1:0000000007}), so that an aggregate's waiting events are one
 * range of {@code _id} and each is written, found and removed by {@code _id}.
 * <p>
 * The collection is small: an event stays only until its gap fills. Parking is an
 * insert-once (the same sequence is the same event), releasing a delete by {@code _id}.
 */
public class ParkedEvents {

	/**
	 * Incident events waiting for a gap in an incident's sequence.
	 */
	public static final String INCIDENTS = ReadModelCollections.PARKED_INCIDENT_EVENTS;

	/**
	 * Contract events waiting for a gap in a customer's sequence.
	 */
	public static final String CONTRACTS = ReadModelCollections.PARKED_CONTRACT_EVENTS;

	private static final long LAST = 9_999_999_999L;

	private final MongoTemplate mongo;

	private final String collection;

	public ParkedEvents(MongoTemplate mongo, String collection) {
		this.mongo = mongo;
		this.collection = collection;
	}

	public static String id(String aggregateId, long sequence) {
		return aggregateId + ":" + String.format("%010d", sequence);
	}

	public String collection() {
		return this.collection;
	}

	/**
	 * The events waiting per aggregate with a sequence above the version given for it
	 * (-1: all), in sequence order: one {@code _id} range per aggregate.
	 */
	public Map<String, List<ParkedEvent>> waiting(Map<String, Long> above) {
		Map<String, List<ParkedEvent>> found = new LinkedHashMap<>();
		if (above.isEmpty()) {
			return found;
		}
		List<Bson> ranges = new ArrayList<>(above.size());
		above.forEach((aggregateId, version) -> ranges
			.add(Filters.and(Filters.gt("_id", id(aggregateId, version)), Filters.lte("_id", id(aggregateId, LAST)))));
		Bson filter = (ranges.size() == 1) ? ranges.get(0) : Filters.or(ranges);
		List<ParkedEvent> events = new ArrayList<>();
		for (Document document : parked().find(filter)) {
			events.add(event(document));
		}
		events.sort(Comparator.comparing(ParkedEvent::aggregateId).thenComparingLong(ParkedEvent::sequence));
		events.forEach((event) -> found.computeIfAbsent(event.aggregateId(), (id) -> new ArrayList<>()).add(event));
		return found;
	}

	/**
	 * Every event waiting, for the gap monitor; the collection holds only open gaps.
	 */
	public List<ParkedEvent> all() {
		List<ParkedEvent> events = new ArrayList<>();
		for (Document document : parked().find()) {
			events.add(event(document));
		}
		return events;
	}

	public void park(Collection<ParkedEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		List<Document> documents = new ArrayList<>(events.size());
		for (ParkedEvent event : events) {
			documents.add(new Document("_id", event.id()).append("aggregateId", event.aggregateId())
				.append("sequence", event.sequence())
				.append("json", event.json())
				.append("parkedAt", Date.from(event.parkedAt())));
		}
		Writes.insertOnce(parked(), documents);
	}

	/**
	 * Removes events once applied (by {@code _id}).
	 */
	public void release(Collection<String> ids) {
		if (!ids.isEmpty()) {
			parked().deleteMany(Filters.in("_id", ids));
		}
	}

	/**
	 * Removes an event left behind by a write that failed after its aggregate had moved
	 * past it, unless it has been parked again since.
	 */
	public void sweep(ParkedEvent event) {
		parked().deleteOne(new Document("_id", event.id()).append("parkedAt", Date.from(event.parkedAt())));
	}

	public void drop() {
		parked().drop();
	}

	private static ParkedEvent event(Document document) {
		return new ParkedEvent(document.getString("aggregateId"), document.get("sequence", Number.class).longValue(),
				document.getString("json"), document.getDate("parkedAt").toInstant());
	}

	private MongoCollection<Document> parked() {
		return this.mongo.getCollection(this.collection);
	}

}
