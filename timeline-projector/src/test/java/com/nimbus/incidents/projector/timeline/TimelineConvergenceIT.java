package com.nimbus.incidents.projector.timeline;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Sorts;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.status.StatusPageProjector;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.customer.Components;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Every bulk write of a projection can be cut off half-way; the loop then retries the
 * same poll with the projector's memory forgotten. Whichever write fails, the summaries,
 * list rows, list buckets (their revisions included), timeline entries, impact facts,
 * parked events and the status page document end exactly as a run without failure leaves
 * them.
 */
class TimelineConvergenceIT {

	private static final String[] VIEWS = { TimelineStore.SUMMARIES, TimelineStore.LIST, TimelineStore.LIST_BUCKETS,
			TimelineStore.ENTRIES, ParkedEvents.INCIDENTS, ReadModelCollections.INCIDENT_IMPACT_FACTS,
			ReadModelCollections.IMPACT_MONTHS, ReadModelCollections.IMPACT_OPEN, ReadModelCollections.COMPONENT_MONTHS,
			ReadModelCollections.COMPONENT_INCIDENTS, ReadModelCollections.STATUS_PAGE,
			ReadModelCollections.STATUS_FEED };

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

	/**
	 * A few days after the test log's incidents: the status page shows them all.
	 */
	private static final Clock STATUS_CLOCK = Clock.fixed(Instant.parse("2021-12-20T08:00:00Z"), ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static MongoClient client;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(TestInfrastructure.mongo().connectionString());
	}

	@AfterAll
	static void close() {
		client.close();
	}

	/**
	 * Three polls over three incidents: in order, out of order (parked behind a gap that
	 * the next poll fills), and repeated.
	 */
	private static List<List<ConsumerRecord<String, byte[]>>> polls() {
		List<EventEnvelope> a = TestLog.incident("INC-A");
		List<EventEnvelope> b = TestLog.incident("INC-B");
		List<EventEnvelope> c = TestLog.incident("INC-C");
		return List.of(records(a.get(0), a.get(1), a.get(2), b.get(0), b.get(3), b.get(4), c.get(0), c.get(1)),
				records(a.get(3), a.get(4), b.get(1), b.get(6), c.get(1), c.get(2), c.get(3), a.get(5)),
				records(b.get(2), a.get(6), a.get(7), b.get(5), b.get(7), c.get(4), c.get(5), c.get(6), c.get(7)));
	}

	@Test
	void whicheverBulkWriteFailsHalfWayTheRetryOfThePollConvergesToTheRunWithoutFailure() {
		HalfFailingMongo clean = store("convergence_clean");
		TimelineProjector projector = projector(clean);
		polls().forEach(projector::handle);
		int writes = clean.writesSoFar();
		Map<String, List<Document>> expected = dump(clean);
		assertThat(expected.get(TimelineStore.SUMMARIES)).hasSize(3);
		assertThat(expected.get(TimelineStore.ENTRIES)).hasSize(24);
		assertThat(expected.get(ParkedEvents.INCIDENTS)).isEmpty();
		assertThat(expected.get(ReadModelCollections.INCIDENT_IMPACT_FACTS)).hasSize(3);
		assertThat(expected.get(ReadModelCollections.IMPACT_OPEN)).extracting((bucket) -> bucket.getString("_id"))
			.containsExactly("closed-2021-12", "open");
		assertThat(expected.get(ReadModelCollections.COMPONENT_INCIDENTS)).isNotEmpty()
			.allSatisfy((month) -> assertThat(month.getString("_id")).endsWith("|2021-12"))
			.flatExtracting((month) -> month.getList("incidentIds", String.class))
			.containsOnly("INC-A", "INC-B", "INC-C")
			.contains("INC-A", "INC-B", "INC-C");
		assertThat(expected.get(ReadModelCollections.STATUS_PAGE)).hasSize(1);
		assertThat(expected.get(ReadModelCollections.STATUS_PAGE).get(0).getList("incidents", Document.class))
			.hasSize(3)
			.allSatisfy((incident) -> assertThat(incident.getList("updates", Document.class))
				.extracting((update) -> update.getString("message"))
				.containsExactly("Investigating"));
		assertThat(expected.get(ReadModelCollections.STATUS_FEED)).hasSize(1);
		assertThat(expected.get(ReadModelCollections.STATUS_FEED).get(0).getList("entries", Document.class))
			.extracting((entry) -> entry.getString("kind"))
			.contains("STATUS_UPDATE", "IMPACT_REPORTED");
		assertThat(writes).as("bulk writes of a run without failure").isGreaterThan(10);

		for (int failing = 1; failing <= writes; failing++) {
			HalfFailingMongo mongo = store("convergence_" + failing);
			TimelineProjector failingProjector = projector(mongo);
			mongo.failWrite(failing);
			int failures = 0;
			for (List<ConsumerRecord<String, byte[]>> poll : polls()) {
				try {
					failingProjector.handle(poll);
				}
				catch (MongoException ex) {
					// what the loop does: forget, then the same records again
					failures++;
					failingProjector.forget();
					failingProjector.handle(poll);
				}
			}
			assertThat(failures).as("write %d failed once", failing).isEqualTo(1);
			assertThat(dump(mongo)).as("the views after write %d failed half-way and the poll was retried", failing)
				.isEqualTo(expected);
		}
	}

	@Test
	void theFoldAfterConvergenceIsTheInOrderFold() {
		HalfFailingMongo mongo = store("convergence_fold");
		TimelineProjector projector = projector(mongo);
		mongo.failWrite(4);
		for (List<ConsumerRecord<String, byte[]>> poll : polls()) {
			try {
				projector.handle(poll);
			}
			catch (MongoException ex) {
				projector.forget();
				projector.handle(poll);
			}
		}
		TimelineStore store = new TimelineStore(mongo, new EnvelopeDecoder(JSON), CLOCK);
		Map<String, ProjectedIncident> loaded = store.load(List.of("INC-A", "INC-B", "INC-C"));
		for (String id : List.of("INC-A", "INC-B", "INC-C")) {
			assertThat(loaded.get(id).state()).isEqualTo(IncidentFold.fold(id, TestLog.incident(id)));
			assertThat(loaded.get(id).parked()).isEmpty();
		}
		assertThat(mongo.getCollection(TimelineStore.LIST).find().map((row) -> row.get("version", Number.class)))
			.extracting(Number::longValue)
			.containsOnly(7L);
	}

	/**
	 * A store where one customer holds a contract for the console in us-east-1, where
	 * every incident has a window (written past the failing writes).
	 */
	private static HalfFailingMongo store(String database) {
		HalfFailingMongo mongo = new HalfFailingMongo(client, database);
		mongo.getDb().drop();
		mongo.getDb()
			.getCollection(ReadModelCollections.COMPONENT_CUSTOMERS)
			.bulkWrite(List.of(Components.addCustomers("console|us-east-1", List.of("acme"))));
		return mongo;
	}

	private static TimelineProjector projector(HalfFailingMongo mongo) {
		ConsumerProperties properties = new ConsumerProperties("unused:9092", "incident-events", "contract-events",
				"group", 1000, 1 << 20, 8 << 20, 16 << 20);
		StatusPageProjector statusPage = new StatusPageProjector(mongo,
				new TimelinePublicUpdates(mongo, new EnvelopeDecoder(JSON)), STATUS_CLOCK, new SimpleMeterRegistry());
		return new TimelineProjector(new EnvelopeDecoder(JSON),
				new TimelineStore(mongo, new EnvelopeDecoder(JSON), CLOCK), statusPage,
				new com.nimbus.incidents.projector.status.StatusFeedProjector(mongo),
				new com.nimbus.incidents.projector.catalog.CatalogProjector(mongo), properties, mock(DeadLetters.class),
				new ParallelWrites(), new SimpleMeterRegistry());
	}

	private static List<ConsumerRecord<String, byte[]>> records(EventEnvelope... envelopes) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		for (EventEnvelope envelope : envelopes) {
			records.add(new ConsumerRecord<>("incident-events", 0, records.size(), envelope.incidentId(),
					JSON.writeValueAsBytes(envelope)));
		}
		return records;
	}

	private static Map<String, List<Document>> dump(HalfFailingMongo mongo) {
		Map<String, List<Document>> views = new LinkedHashMap<>();
		for (String view : VIEWS) {
			List<Document> documents = mongo.getCollection(view)
				.find()
				.sort(Sorts.ascending("_id"))
				.into(new ArrayList<>());
			// chosen at random when the document is first stored
			documents.forEach((document) -> document.remove("epoch"));
			views.put(view, documents);
		}
		return views;
	}

}
