package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.BsonFields.date;
import static com.nimbus.incidents.readmodel.BsonFields.instant;
import static com.nimbus.incidents.readmodel.BsonFields.intValue;
import static com.nimbus.incidents.readmodel.BsonFields.longValue;
import static com.nimbus.incidents.readmodel.BsonFields.string;

import java.time.Instant;

import com.nimbus.incidents.events.EventEnvelope;
import org.bson.Document;

/**
 * A document of {@link ReadModelCollections#TIMELINE_ENTRIES}, one per event, {@code _id}
 * = {@link ReadModelKeys#entryId}: the timeline line, the event's fields for folding it
 * again (the payload in its current schema, {@link IncidentPayloadCodec}), and the
 * envelope as published. Entries are written once and never change.
 */
public final class TimelineEntryDocument {

	public static final String INCIDENT_ID = "incidentId";

	public static final String SEQUENCE = "sequence";

	public static final String EVENT_ID = "eventId";

	public static final String TYPE = "type";

	public static final String SCHEMA_VERSION = "schemaVersion";

	public static final String OCCURRED_AT = "occurredAt";

	public static final String RECORDED_AT = "recordedAt";

	public static final String ACTOR = "actor";

	public static final String SUMMARY = "summary";

	public static final String PAYLOAD = "payload";

	public static final String ENVELOPE = "envelope";

	/**
	 * The fields {@link #line} reads: a projection that leaves out payload and envelope.
	 */
	public static final String[] LINE_FIELDS = { SEQUENCE, OCCURRED_AT, RECORDED_AT, TYPE, ACTOR, SUMMARY };

	/**
	 * The fields {@link #event} reads: a projection that leaves out the line and the
	 * envelope as published.
	 */
	public static final String[] EVENT_FIELDS = { INCIDENT_ID, SEQUENCE, EVENT_ID, TYPE, SCHEMA_VERSION, OCCURRED_AT,
			RECORDED_AT, ACTOR, PAYLOAD };

	private TimelineEntryDocument() {
	}

	/**
	 * One line of an incident's timeline, as a person reads it.
	 */
	public record Line(long sequence, Instant occurredAt, Instant recordedAt, String type, String actor,
			String summary) {
	}

	/**
	 * @param summary the line a person reads
	 * @param json the envelope exactly as it was published
	 */
	public static Document encode(EventEnvelope envelope, String summary, String json) {
		return new Document("_id", ReadModelKeys.entryId(envelope.incidentId(), envelope.sequence()))
			.append(INCIDENT_ID, envelope.incidentId())
			.append(SEQUENCE, envelope.sequence())
			.append(EVENT_ID, envelope.eventId())
			.append(TYPE, envelope.type())
			.append(SCHEMA_VERSION, envelope.schemaVersion())
			.append(OCCURRED_AT, date(envelope.occurredAt()))
			.append(RECORDED_AT, date(envelope.recordedAt()))
			.append(ACTOR, envelope.actor())
			.append(SUMMARY, summary)
			.append(PAYLOAD, IncidentPayloadCodec.encode(envelope.payload()))
			.append(ENVELOPE, json);
	}

	public static Line line(Document entry) {
		return new Line(longValue(entry, SEQUENCE), instant(entry, OCCURRED_AT), instant(entry, RECORDED_AT),
				string(entry, TYPE), string(entry, ACTOR), string(entry, SUMMARY));
	}

	/**
	 * The event, its payload in the schema it was projected with.
	 */
	public static EventEnvelope event(Document entry) {
		String type = string(entry, TYPE);
		return new EventEnvelope(string(entry, EVENT_ID), string(entry, INCIDENT_ID), longValue(entry, SEQUENCE), type,
				intValue(entry, SCHEMA_VERSION), instant(entry, OCCURRED_AT), instant(entry, RECORDED_AT),
				string(entry, ACTOR), IncidentPayloadCodec.decode(type, entry.get(PAYLOAD, Document.class)));
	}

	public static String envelope(Document entry) {
		return string(entry, ENVELOPE);
	}

}
