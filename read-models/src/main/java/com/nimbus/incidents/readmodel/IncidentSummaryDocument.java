package com.nimbus.incidents.readmodel;

import java.util.List;

import com.nimbus.incidents.history.IncidentState;
import org.bson.Document;

/**
 * A document of {@link ReadModelCollections#INCIDENT_SUMMARIES}, {@code _id} = incident
 * id: the list's fields ({@link IncidentListDocument}), the folded state
 * ({@link IncidentStateCodec}) and how many of the incident's events wait for a gap (the
 * events themselves are in {@link ReadModelCollections#PARKED_INCIDENT_EVENTS}).
 */
public final class IncidentSummaryDocument {

	public static final String VERSION = IncidentListDocument.VERSION;

	public static final String STATE = "state";

	public static final String PARKED_COUNT = "parkedCount";

	/**
	 * Where summaries written before the parked collection existed keep the events
	 * waiting for a gap, as published JSON; the next write of the summary drops it.
	 */
	public static final String LEGACY_PARKED = "parked";

	private IncidentSummaryDocument() {
	}

	public static Document encode(IncidentState state, int parkedCount) {
		return IncidentListDocument.encode(state)
			.append(STATE, IncidentStateCodec.encode(state))
			.append(PARKED_COUNT, parkedCount);
	}

	public static IncidentState state(Document summary) {
		Document state = summary.get(STATE, Document.class);
		if (state == null) {
			throw new IllegalStateException("A summary without its state: " + summary.get("_id"));
		}
		return IncidentStateCodec.decode(state);
	}

	public static long version(Document summary) {
		return BsonFields.longValue(summary, VERSION);
	}

	/**
	 * The events an earlier version kept in the summary while they waited for a gap.
	 */
	public static List<String> legacyParked(Document summary) {
		return summary.getList(LEGACY_PARKED, String.class, List.of());
	}

}
