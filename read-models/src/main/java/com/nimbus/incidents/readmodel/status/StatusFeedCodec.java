package com.nimbus.incidents.readmodel.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Projections;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The stored shape of {@link StatusFeedDocument}, written by the projector and read by
 * the query service:
 *
 * <pre>
 * { _id: "public", epoch: string, version: long,
 *   entries: [ { eventId, incidentId, sequence: long, kind, recordedAt: date, occurredAt: date,
 *                publicTitle: string|null, status: string|null, message: string|null,
 *                window: { service, region, level, startedAt: date, endedAt: date|null }|null } ] }
 * </pre>
 *
 * Enums by name, times as BSON dates (milliseconds). Field names are spelled here and
 * nowhere else; {@code ReadModelShapeTest} pins them.
 */
public final class StatusFeedCodec {

	private StatusFeedCodec() {
	}

	/**
	 * The fields that say which version is stored: a document read with this projection
	 * reads as the epoch and version with no entries.
	 */
	public static Bson stampOnly() {
		return Projections.include("epoch", "version");
	}

	public static Document toDocument(StatusFeedDocument feed) {
		List<Document> entries = new ArrayList<>(feed.entries().size());
		for (StatusFeedEntry entry : feed.entries()) {
			entries.add(entry(entry));
		}
		return new Document("_id", ReadModelKeys.STATUS_FEED_ID).append("epoch", feed.epoch())
			.append("version", feed.version())
			.append("entries", entries);
	}

	/**
	 * @param stored the stored document; {@code null} (none written yet) reads as
	 * {@link StatusFeedDocument#empty()}
	 */
	public static StatusFeedDocument fromDocument(Document stored) {
		if (stored == null) {
			return StatusFeedDocument.empty();
		}
		List<StatusFeedEntry> entries = new ArrayList<>();
		for (Document entry : stored.getList("entries", Document.class, List.of())) {
			entries.add(entry(entry));
		}
		Number version = stored.get("version", Number.class);
		return new StatusFeedDocument(stored.getString("epoch"), (version != null) ? version.longValue() : 0, entries);
	}

	private static Document entry(StatusFeedEntry entry) {
		StatusPageWindow window = entry.window();
		Document storedWindow = (window != null)
				? new Document("service", window.service()).append("region", window.region())
					.append("level", window.level().name())
					.append("startedAt", date(window.startedAt()))
					.append("endedAt", date(window.endedAt()))
				: null;
		return new Document("eventId", entry.eventId()).append("incidentId", entry.incidentId())
			.append("sequence", entry.sequence())
			.append("kind", entry.kind().name())
			.append("recordedAt", date(entry.recordedAt()))
			.append("occurredAt", date(entry.occurredAt()))
			.append("publicTitle", entry.publicTitle())
			.append("status", (entry.status() != null) ? entry.status().name() : null)
			.append("message", entry.message())
			.append("window", storedWindow);
	}

	private static StatusFeedEntry entry(Document entry) {
		Document window = entry.get("window", Document.class);
		StatusPageWindow decoded = (window != null) ? new StatusPageWindow(window.getString("service"),
				window.getString("region"), ImpactLevel.valueOf(window.getString("level")),
				instant(window, "startedAt"), instant(window, "endedAt")) : null;
		String status = entry.getString("status");
		return new StatusFeedEntry(entry.getString("eventId"), entry.getString("incidentId"),
				entry.get("sequence", Number.class).longValue(), StatusFeedEntry.Kind.valueOf(entry.getString("kind")),
				instant(entry, "recordedAt"), instant(entry, "occurredAt"), entry.getString("publicTitle"),
				(status != null) ? UpdateStatus.valueOf(status) : null, entry.getString("message"), decoded);
	}

	private static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	private static Instant instant(Document document, String field) {
		Date value = document.getDate(field);
		return (value != null) ? value.toInstant() : null;
	}

}
