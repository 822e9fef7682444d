package com.nimbus.incidents.readmodel.impact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.function.BiFunction;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.ImpactWindows;
import com.nimbus.incidents.history.ImpactWindows.SequencedEvent;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import org.bson.Document;

/**
 * The stored shape of {@link ReadModelCollections#INCIDENT_IMPACT_FACTS}: one document
 * per incident, {@code _id} = incident id, whose {@code facts} array holds the incident's
 * impact events, each added once ({@code $addToSet}: a fact is the same subdocument
 * however often it is written). The payload is the event's fields as the services'
 * converter writes them; the caller decodes it.
 */
public final class IncidentImpactFacts {

	static final String FACTS = "facts";

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private IncidentImpactFacts() {
	}

	/**
	 * One impact event of an incident.
	 *
	 * @param type the event's logical type name
	 * @param payload the event's fields, as the converter writes them
	 */
	public record Fact(long sequence, String type, String impactId, Instant occurredAt, Instant recordedAt,
			Document payload) {

		/**
		 * The fact of an impact event ({@link #isImpactFact}), its payload in the stored
		 * form of {@code IncidentPayloadCodec}.
		 */
		public static Fact of(com.nimbus.incidents.events.EventEnvelope envelope) {
			if (!isImpactFact(envelope)) {
				throw new IllegalArgumentException("Not an impact event: " + envelope.type());
			}
			Document payload = com.nimbus.incidents.readmodel.IncidentPayloadCodec.encode(envelope.payload());
			return new Fact(envelope.sequence(), envelope.type(), payload.getString("impactId"), envelope.occurredAt(),
					envelope.recordedAt(), payload);
		}

		public Document toDocument() {
			return new Document("sequence", this.sequence).append("type", this.type)
				.append("impactId", this.impactId)
				.append("occurredAt", date(this.occurredAt))
				.append("recordedAt", date(this.recordedAt))
				.append("payload", this.payload);
		}

		static Fact of(Document fact) {
			return new Fact(fact.get("sequence", Number.class).longValue(), fact.getString("type"),
					fact.getString("impactId"), instant(fact.getDate("occurredAt")),
					instant(fact.getDate("recordedAt")), fact.get("payload", Document.class));
		}

	}

	/**
	 * Whether the event opens, ends or corrects an impact window: a fact kept here.
	 */
	public static boolean isImpactFact(com.nimbus.incidents.events.EventEnvelope envelope) {
		return com.nimbus.incidents.history.ImpactWindows.isImpactEvent(envelope.payload());
	}

	/**
	 * Adds facts to their incident's document, creating it if need be; a fact already
	 * there is left as it is.
	 */
	public static WriteModel<Document> add(String incidentId, Collection<Fact> facts) {
		List<Document> documents = facts.stream()
			.sorted(Comparator.comparingLong(Fact::sequence))
			.map(Fact::toDocument)
			.toList();
		return new UpdateOneModel<>(new Document("_id", incidentId),
				new Document("$addToSet", new Document(FACTS, new Document("$each", documents))), UPSERT);
	}

	/**
	 * The facts of a stored document, in sequence order.
	 */
	public static List<Fact> facts(Document stored) {
		List<Fact> facts = new ArrayList<>();
		for (Document fact : stored.getList(FACTS, Document.class, List.of())) {
			facts.add(Fact.of(fact));
		}
		facts.sort(Comparator.comparingLong(Fact::sequence));
		return facts;
	}

	/**
	 * The windows the facts recorded by {@code knownAt} ({@code null}: all) fold to, by
	 * the shared window rule.
	 * @param decode reads a payload as the event class its type names
	 */
	public static List<ImpactWindow> windows(List<Fact> facts, Instant knownAt,
			BiFunction<Class<? extends IncidentEvent>, Document, IncidentEvent> decode) {
		List<SequencedEvent> events = new ArrayList<>();
		for (Fact fact : facts) {
			if (knownAt == null || !fact.recordedAt().isAfter(knownAt)) {
				events.add(new SequencedEvent(fact.sequence(), decode.apply(payloadClass(fact), fact.payload())));
			}
		}
		events.sort(Comparator.comparingLong(SequencedEvent::sequence));
		return ImpactWindows.fold(events);
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends IncidentEvent> payloadClass(Fact fact) {
		return (Class<? extends IncidentEvent>) EventTypes.named(fact.type(), IncidentEvent.class)
			.orElseThrow(() -> new IllegalStateException("Unknown impact fact " + fact.type()))
			.payloadClass();
	}

	private static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
