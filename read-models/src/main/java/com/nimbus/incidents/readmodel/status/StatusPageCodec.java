package com.nimbus.incidents.readmodel.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The stored shape of {@link StatusPageDocument}, written by the projector and read by
 * the query service:
 *
 * <pre>
 * { _id: "public", epoch: string, version: long,
 *   incidents: [ { incidentId, version: long, status, declaredAt: date, resolvedAt: date|null,
 *                  publicTitle: string|null,
 *                  windows: [ { service, region, level, startedAt: date, endedAt: date|null } ],
 *                  updates: [ { status, message, occurredAt: date, sequence: long } ] } ] }
 * </pre>
 *
 * Enums are stored by name, times as BSON dates (milliseconds). Field names are spelled
 * here and nowhere else; {@code StatusPageCodecTest} pins them.
 */
public final class StatusPageCodec {

	private StatusPageCodec() {
	}

	/**
	 * The fields that say which version is stored: a document read with this projection
	 * reads as the epoch and version with no incidents.
	 */
	public static Bson stampOnly() {
		return Projections.include("epoch", "version");
	}

	public static Document toDocument(StatusPageDocument page) {
		List<Document> incidents = new ArrayList<>(page.incidents().size());
		for (StatusPageIncident incident : page.incidents()) {
			incidents.add(incident(incident));
		}
		return new Document("_id", ReadModelKeys.STATUS_PAGE_ID).append("epoch", page.epoch())
			.append("version", page.version())
			.append("incidents", incidents);
	}

	/**
	 * @param stored the stored document; {@code null} (none written yet) reads as
	 * {@link StatusPageDocument#empty()}
	 */
	public static StatusPageDocument fromDocument(Document stored) {
		if (stored == null) {
			return StatusPageDocument.empty();
		}
		List<StatusPageIncident> incidents = new ArrayList<>();
		for (Document incident : stored.getList("incidents", Document.class, List.of())) {
			incidents.add(incident(incident));
		}
		return new StatusPageDocument(stored.getString("epoch"), number(stored, "version"), incidents);
	}

	private static Document incident(StatusPageIncident incident) {
		List<Document> windows = new ArrayList<>(incident.windows().size());
		for (StatusPageWindow window : incident.windows()) {
			windows.add(new Document("service", window.service()).append("region", window.region())
				.append("level", window.level().name())
				.append("startedAt", date(window.startedAt()))
				.append("endedAt", date(window.endedAt())));
		}
		List<Document> updates = new ArrayList<>(incident.updates().size());
		for (StatusPageUpdate update : incident.updates()) {
			updates.add(new Document("status", update.status().name()).append("message", update.message())
				.append("occurredAt", date(update.occurredAt()))
				.append("sequence", update.sequence()));
		}
		return new Document("incidentId", incident.incidentId()).append("version", incident.version())
			.append("status", incident.status().name())
			.append("declaredAt", date(incident.declaredAt()))
			.append("resolvedAt", date(incident.resolvedAt()))
			.append("publicTitle", incident.publicTitle())
			.append("windows", windows)
			.append("updates", updates);
	}

	private static StatusPageIncident incident(Document incident) {
		List<StatusPageWindow> windows = new ArrayList<>();
		for (Document window : incident.getList("windows", Document.class, List.of())) {
			windows.add(new StatusPageWindow(window.getString("service"), window.getString("region"),
					ImpactLevel.valueOf(window.getString("level")), instant(window, "startedAt"),
					instant(window, "endedAt")));
		}
		List<StatusPageUpdate> updates = new ArrayList<>();
		for (Document update : incident.getList("updates", Document.class, List.of())) {
			updates.add(new StatusPageUpdate(UpdateStatus.valueOf(update.getString("status")),
					update.getString("message"), instant(update, "occurredAt"), number(update, "sequence")));
		}
		return new StatusPageIncident(incident.getString("incidentId"), number(incident, "version"),
				IncidentStatus.valueOf(incident.getString("status")), instant(incident, "declaredAt"),
				instant(incident, "resolvedAt"), incident.getString("publicTitle"), windows, updates);
	}

	private static long number(Document document, String field) {
		Number value = document.get(field, Number.class);
		return (value != null) ? value.longValue() : 0;
	}

	private static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	private static Instant instant(Document document, String field) {
		Date value = document.getDate(field);
		return (value != null) ? value.toInstant() : null;
	}

}
