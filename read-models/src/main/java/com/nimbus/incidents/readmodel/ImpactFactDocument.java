package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.BsonFields.date;
import static com.nimbus.incidents.readmodel.BsonFields.instant;
import static com.nimbus.incidents.readmodel.BsonFields.longValue;
import static com.nimbus.incidents.readmodel.BsonFields.string;

import java.time.Instant;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.ImpactWindows;
import org.bson.Document;

/**
 * A document of {@link ReadModelCollections#IMPACT_FACTS}, one per impact event
 * ({@code ImpactReported}, {@code ImpactEnded}, {@code ImpactCorrected}), {@code _id} =
 * {@link ReadModelKeys#entryId}: what SLA reports and impact estimates fold with
 * {@link ImpactWindows}, without reading every timeline entry.
 */
public final class ImpactFactDocument {

	public static final String INCIDENT_ID = "incidentId";

	public static final String IMPACT_ID = "impactId";

	public static final String SEQUENCE = "sequence";

	public static final String TYPE = "type";

	public static final String OCCURRED_AT = "occurredAt";

	/**
	 * When the platform accepted the event: reports "as known at" a time filter on it.
	 */
	public static final String RECORDED_AT = "recordedAt";

	public static final String PAYLOAD = "payload";

	private ImpactFactDocument() {
	}

	/**
	 * An impact event of an incident, as stored.
	 */
	public record Fact(String incidentId, long sequence, Instant recordedAt, IncidentEvent payload) {

		public ImpactWindows.SequencedEvent sequenced() {
			return new ImpactWindows.SequencedEvent(this.sequence, this.payload);
		}

	}

	public static boolean isImpactFact(EventEnvelope envelope) {
		return ImpactWindows.isImpactEvent(envelope.payload());
	}

	public static Document encode(EventEnvelope envelope) {
		if (!isImpactFact(envelope)) {
			throw new IllegalArgumentException("Not an impact event: " + envelope.type());
		}
		Document payload = IncidentPayloadCodec.encode(envelope.payload());
		return new Document("_id", ReadModelKeys.entryId(envelope.incidentId(), envelope.sequence()))
			.append(INCIDENT_ID, envelope.incidentId())
			.append(IMPACT_ID, payload.getString("impactId"))
			.append(SEQUENCE, envelope.sequence())
			.append(TYPE, envelope.type())
			.append(OCCURRED_AT, date(envelope.occurredAt()))
			.append(RECORDED_AT, date(envelope.recordedAt()))
			.append(PAYLOAD, payload);
	}

	public static Fact decode(Document fact) {
		return new Fact(string(fact, INCIDENT_ID), longValue(fact, SEQUENCE), instant(fact, RECORDED_AT),
				IncidentPayloadCodec.decode(string(fact, TYPE), fact.get(PAYLOAD, Document.class)));
	}

}
