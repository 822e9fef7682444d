package com.nimbus.incidents.readmodel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.InsertOneModel;
import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.EventType;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.ImpactWindows;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.readmodel.impact.IncidentImpactFacts;
import com.nimbus.incidents.readmodel.status.StatusFeedCodec;
import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored shape of every read-model document, pinned: field names and BSON types
 * ({@code $numberLong}, {@code $date}, {@code $numberDecimal} ...) are compared with
 * {@code read-model-shape.json}. A change to that file is a change of the stored form,
 * which documents already stored must still be read in (or a rebuild is needed); a
 * renamed component of a shared record changes nothing here.
 */
class ReadModelShapeTest {

	/**
	 * Every BSON type spelled out ({@code $numberLong}, {@code $numberInt},
	 * {@code $numberDecimal}), dates as ISO-8601 UTC to be read by a person.
	 */
	private static final JsonWriterSettings EXTENDED = JsonWriterSettings.builder()
		.outputMode(JsonMode.EXTENDED)
		.dateTimeConverter((millis, writer) -> {
			writer.writeStartObject();
			writer.writeString("$date", Instant.ofEpochMilli(millis).toString());
			writer.writeEndObject();
		})
		.indent(true)
		.build();

	private static final String ENVELOPE_JSON = "{\"eventId\":\"evt-2\",\"type\":\"ImpactReported\"}";

	/**
	 * On a difference the shapes as now written are left in
	 * {@code target/read-model-shape.actual.json}, to compare and, for an intended
	 * change, to copy over the pinned file.
	 */
	@Test
	void everyDocumentIsStoredInThePinnedShape() throws IOException {
		String actual = shapes().toJson(EXTENDED);
		String expected = expected().toJson(EXTENDED);
		if (!actual.equals(expected)) {
			Files.writeString(Path.of("target", "read-model-shape.actual.json"), actual + "\n");
		}

		assertThat(actual).isEqualTo(expected);
	}

	@Test
	void everyDocumentReadsBackAsWritten() {
		IncidentState state = Samples.state();
		Document summary = IncidentSummaryDocument.encode(state, 2);
		assertThat(IncidentSummaryDocument.state(summary)).isEqualTo(state);
		assertThat(IncidentSummaryDocument.version(summary)).isEqualTo(12);
		assertThat(IncidentStateCodec.decode(IncidentStateCodec.encode(IncidentState.initial("INC-0"))))
			.isEqualTo(IncidentState.initial("INC-0"));

		assertThat(IncidentListDocument.decode(IncidentListDocument.encode(state))).isEqualTo(
				new IncidentListDocument.Row("INC-7", 12, "Checkout errors for ACME", state.severity(), state.status(),
						List.of("checkout", "payments"), List.of("eu-west-1"), state.declaredAt(), state.resolvedAt()));

		EventEnvelope event = Samples.impactEvent();
		Document entry = TimelineEntryDocument.encode(event, "Impact reported", ENVELOPE_JSON);
		assertThat(TimelineEntryDocument.event(entry)).isEqualTo(event);
		assertThat(TimelineEntryDocument.line(entry)).isEqualTo(new TimelineEntryDocument.Line(2, event.occurredAt(),
				event.recordedAt(), "ImpactReported", "dana@nimbus.example", "Impact reported"));
		assertThat(TimelineEntryDocument.envelope(entry)).isEqualTo(ENVELOPE_JSON);

		com.nimbus.incidents.readmodel.impact.IncidentImpactFacts.Fact fact = com.nimbus.incidents.readmodel.impact.IncidentImpactFacts.Fact
			.of(event);
		assertThat(fact.sequence()).isEqualTo(2);
		assertThat(fact.recordedAt()).isEqualTo(event.recordedAt());
		assertThat(IncidentPayloadCodec.decode(fact.type(), fact.payload())).isEqualTo(event.payload());

		assertThat(StatusFeedCodec.fromDocument(StatusFeedCodec.toDocument(feed()))).isEqualTo(feed());
		assertThat(StatusFeedCodec.fromDocument(null)).isEqualTo(StatusFeedDocument.empty());

		for (IncidentEvent payload : Samples.payloads()) {
			String type = EventTypes.of(payload.getClass()).name();
			assertThat(IncidentPayloadCodec.decode(type, IncidentPayloadCodec.encode(payload))).isEqualTo(payload);
		}
	}

	@Test
	void theSamplesCoverEveryIncidentEventType() {
		List<String> sampled = Samples.payloads().stream().map((p) -> EventTypes.of(p.getClass()).name()).toList();

		assertThat(sampled).containsExactlyInAnyOrderElementsOf(EventTypes.all()
			.stream()
			.filter((type) -> type.family().equals(IncidentEvent.class))
			.map(EventType::name)
			.toList());
	}

	/**
	 * A component added to a stored record and forgotten by its codec would be lost
	 * silently: with every field of the samples set, each record is stored with exactly
	 * one field per component.
	 */
	@Test
	void everyComponentOfAStoredRecordHasItsField() {
		IncidentState state = Samples.state();
		Document stored = IncidentStateCodec.encode(state);
		assertThat(stored.keySet()).hasSize(IncidentState.class.getRecordComponents().length);
		assertFieldPerComponent(stored.get("severityStamp", Document.class), state.severityStamp());
		assertFieldPerComponent(stored.getList("responders", Document.class).get(0), state.responders().get(0));
		Document window = stored.getList("impacts", Document.class).get(0);
		assertFieldPerComponent(window, state.impacts().get(0));
		assertFieldPerComponent(window.get("estimatedAffectedUsers", Document.class),
				state.impacts().get(0).estimatedAffectedUsers());
		assertFieldPerComponent(stored.get("latestPublicUpdate", Document.class), state.latestPublicUpdate());
		for (IncidentEvent payload : Samples.payloads()) {
			assertFieldPerComponent(IncidentPayloadCodec.encode(payload), (Record) payload);
		}
		assertFieldPerComponent(
				IncidentPayloadCodec.encode(Samples.payloads().get(11)).getList("actionItems", Document.class).get(0),
				new ActionItem("Add a canary", "sam@nimbus.example"));
	}

	private static void assertFieldPerComponent(Document stored, Record value) {
		assertThat(stored.keySet()).as(value.getClass().getSimpleName())
			.hasSize(value.getClass().getRecordComponents().length);
	}

	private static Document shapes() {
		IncidentState state = Samples.state();
		EventEnvelope event = Samples.impactEvent();
		Document payloads = new Document();
		for (IncidentEvent payload : Samples.payloads()) {
			payloads.append(EventTypes.of(payload.getClass()).name(), IncidentPayloadCodec.encode(payload));
		}
		return new Document(ReadModelCollections.INCIDENT_SUMMARIES, IncidentSummaryDocument.encode(state, 2))
			.append(ReadModelCollections.INCIDENT_SUMMARIES + " (nothing declared yet)",
					IncidentSummaryDocument.encode(IncidentState.initial("INC-0"), 0))
			.append(ReadModelCollections.INCIDENT_LIST, IncidentListDocument.encode(state))
			.append(ReadModelCollections.TIMELINE_ENTRIES,
					TimelineEntryDocument.encode(event, "Impact reported", ENVELOPE_JSON))
			.append(ReadModelCollections.INCIDENT_IMPACT_FACTS + " (one fact)",
					IncidentImpactFacts.Fact.of(event).toDocument())
			.append(ReadModelCollections.INCIDENT_LIST_BUCKETS + " (a day)", day(state))
			.append(ReadModelCollections.INCIDENT_LIST_BUCKETS + " (a month, a year, the root)",
					inserted(ListBucketChanges.parts(ListBucketIds.parent(ListBucketIds.day(state.declaredAt())), null,
							Map.of(ListBucketIds.day(state.declaredAt()), day(state)))))
			.append(ReadModelCollections.STATUS_FEED, StatusFeedCodec.toDocument(feed()))
			.append("payloads", payloads);
	}

	/**
	 * A feed with a public status update and an impact change.
	 */
	static StatusFeedDocument feed() {
		Instant at = Instant.parse("2021-12-07T16:09:41.512Z");
		StatusFeedEntry update = new StatusFeedEntry("evt-3", "INC-7", 3, StatusFeedEntry.Kind.STATUS_UPDATE, at,
				at.minusSeconds(60), "Checkout errors", UpdateStatus.IDENTIFIED, "We found the cause", null);
		StatusFeedEntry impact = new StatusFeedEntry("evt-2", "INC-7", 2, StatusFeedEntry.Kind.IMPACT_REPORTED,
				at.minusSeconds(300), at.minusSeconds(900), null, null, null,
				new StatusPageWindow("checkout", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE, at.minusSeconds(900), null));
		return new StatusFeedDocument("epoch-1", 2, List.of(update, impact));
	}

	private static Document day(IncidentState state) {
		IncidentListDocument.Row row = IncidentListDocument.row(state);
		return inserted(ListBucketChanges.rows(ListBucketIds.day(row.declaredAt()), null, List.of(row)));
	}

	private static Document inserted(ListBucketChanges.Change change) {
		return ((InsertOneModel<Document>) change.write()).getDocument();
	}

	private static Document expected() throws IOException {
		try (InputStream in = ReadModelShapeTest.class.getResourceAsStream("/read-model-shape.json")) {
			assertThat(in).as("read-model-shape.json").isNotNull();
			return Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

}
