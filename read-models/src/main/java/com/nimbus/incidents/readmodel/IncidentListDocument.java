package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.BsonFields.date;
import static com.nimbus.incidents.readmodel.BsonFields.enumValue;
import static com.nimbus.incidents.readmodel.BsonFields.instant;
import static com.nimbus.incidents.readmodel.BsonFields.longValue;
import static com.nimbus.incidents.readmodel.BsonFields.name;
import static com.nimbus.incidents.readmodel.BsonFields.string;
import static com.nimbus.incidents.readmodel.BsonFields.strings;

import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.IncidentStatus;
import org.bson.Document;

/**
 * A document of {@link ReadModelCollections#INCIDENT_LIST}: what the incident list
 * filters, sorts and shows of one incident, {@code _id} = incident id; the same document
 * is the incident's row in its day of {@link ListBucketDocument}, which the list reads.
 * The same fields lead each summary ({@link IncidentSummaryDocument}), from which an
 * older store's list is written once. Every field is present, {@code null} when unknown.
 */
public final class IncidentListDocument {

	public static final String ID = "_id";

	public static final String VERSION = "version";

	public static final String TITLE = "title";

	public static final String STATUS = "status";

	public static final String SEVERITY = "severity";

	/**
	 * An array: a filter by one service matches any element.
	 */
	public static final String SERVICES = "services";

	/**
	 * An array: a filter by one region matches any element.
	 */
	public static final String REGIONS = "regions";

	/**
	 * The list's order (newest first, then {@code _id} descending) and its time filter.
	 */
	public static final String DECLARED_AT = "declaredAt";

	public static final String RESOLVED_AT = "resolvedAt";

	/**
	 * Every field of a row, in stored order.
	 */
	public static final List<String> FIELDS = List.of(ID, VERSION, TITLE, STATUS, SEVERITY, SERVICES, REGIONS,
			DECLARED_AT, RESOLVED_AT);

	private IncidentListDocument() {
	}

	/**
	 * One row of the list.
	 */
	public record Row(String incidentId, long version, String title, Severity severity, IncidentStatus status,
			List<String> services, List<String> regions, Instant declaredAt, Instant resolvedAt) {

		/**
		 * The same row at another version.
		 */
		public Row withVersion(long other) {
			return new Row(this.incidentId, other, this.title, this.severity, this.status, this.services, this.regions,
					this.declaredAt, this.resolvedAt);
		}

		/**
		 * Whether the other row lists the same (its version aside).
		 */
		public boolean listsAs(Row other) {
			return equals(other.withVersion(this.version));
		}

	}

	public static Document encode(IncidentState state) {
		return encode(row(state));
	}

	/**
	 * The row of an incident in this state.
	 */
	public static Row row(IncidentState state) {
		return new Row(state.incidentId(), state.version(), state.title(), state.severity(), state.status(),
				state.services(), state.regions(), state.declaredAt(), state.resolvedAt());
	}

	/**
	 * The row as stored, here and in a day of {@link ListBucketDocument}.
	 */
	public static Document encode(Row row) {
		return new Document(ID, row.incidentId()).append(VERSION, row.version())
			.append(TITLE, row.title())
			.append(STATUS, name(row.status()))
			.append(SEVERITY, name(row.severity()))
			.append(SERVICES, row.services())
			.append(REGIONS, row.regions())
			.append(DECLARED_AT, date(row.declaredAt()))
			.append(RESOLVED_AT, date(row.resolvedAt()));
	}

	public static Row decode(Document document) {
		return new Row(string(document, ID), longValue(document, VERSION), string(document, TITLE),
				enumValue(document, SEVERITY, Severity.class), enumValue(document, STATUS, IncidentStatus.class),
				strings(document, SERVICES), strings(document, REGIONS), instant(document, DECLARED_AT),
				instant(document, RESOLVED_AT));
	}

}
