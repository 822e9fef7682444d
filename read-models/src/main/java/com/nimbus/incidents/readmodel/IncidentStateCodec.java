package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.BsonFields.booleanValue;
import static com.nimbus.incidents.readmodel.BsonFields.date;
import static com.nimbus.incidents.readmodel.BsonFields.decimal;
import static com.nimbus.incidents.readmodel.BsonFields.documents;
import static com.nimbus.incidents.readmodel.BsonFields.enumValue;
import static com.nimbus.incidents.readmodel.BsonFields.instant;
import static com.nimbus.incidents.readmodel.BsonFields.list;
import static com.nimbus.incidents.readmodel.BsonFields.longValue;
import static com.nimbus.incidents.readmodel.BsonFields.name;
import static com.nimbus.incidents.readmodel.BsonFields.nested;
import static com.nimbus.incidents.readmodel.BsonFields.put;
import static com.nimbus.incidents.readmodel.BsonFields.string;
import static com.nimbus.incidents.readmodel.BsonFields.strings;

import java.util.List;

import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.history.PublicUpdate;
import com.nimbus.incidents.history.ResponderState;
import com.nimbus.incidents.history.Stamp;
import org.bson.Document;

/**
 * The stored form of the shared fold, {@link IncidentState}, inside an incident's
 * summary: every field name spelled out here, so renaming a component of the record
 * changes no stored document. The names and types are those Spring Data's converter wrote
 * before (the record's component names, {@code null}s left out), so summaries stored by
 * earlier versions read unchanged; {@code ReadModelShapeTest} pins them.
 */
public final class IncidentStateCodec {

	private IncidentStateCodec() {
	}

	public static Document encode(IncidentState state) {
		Document document = new Document();
		put(document, "incidentId", state.incidentId());
		document.append("version", state.version());
		put(document, "title", state.title());
		put(document, "publicTitle", state.publicTitle());
		put(document, "summary", state.summary());
		put(document, "severity", name(state.severity()));
		put(document, "severityStamp", stamp(state.severityStamp()));
		put(document, "status", name(state.status()));
		put(document, "statusStamp", stamp(state.statusStamp()));
		put(document, "detectionSource", name(state.detectionSource()));
		put(document, "detectedAt", date(state.detectedAt()));
		put(document, "declaredAt", date(state.declaredAt()));
		put(document, "resolvedAt", date(state.resolvedAt()));
		put(document, "resolution", state.resolution());
		document.append("services", state.services());
		document.append("regions", state.regions());
		document.append("responders", documents(state.responders(), IncidentStateCodec::responder));
		document.append("impacts", documents(state.impacts(), IncidentStateCodec::impact));
		put(document, "firstPublicUpdateAt", date(state.firstPublicUpdateAt()));
		put(document, "firstMitigationAt", date(state.firstMitigationAt()));
		put(document, "latestPublicUpdate", publicUpdate(state.latestPublicUpdate()));
		document.append("postmortemPublished", state.postmortemPublished());
		put(document, "lastRecordedAt", date(state.lastRecordedAt()));
		put(document, "firstSignalAt", date(state.firstSignalAt()));
		return document;
	}

	public static IncidentState decode(Document document) {
		return new IncidentState(string(document, "incidentId"), longValue(document, "version"),
				string(document, "title"), string(document, "publicTitle"), string(document, "summary"),
				enumValue(document, "severity", Severity.class),
				nested(document, "severityStamp", IncidentStateCodec::stamp),
				enumValue(document, "status", IncidentStatus.class),
				nested(document, "statusStamp", IncidentStateCodec::stamp),
				enumValue(document, "detectionSource", DetectionSource.class), instant(document, "detectedAt"),
				instant(document, "declaredAt"), instant(document, "resolvedAt"), string(document, "resolution"),
				orEmpty(strings(document, "services")), orEmpty(strings(document, "regions")),
				orEmpty(list(document, "responders", IncidentStateCodec::responder)),
				orEmpty(list(document, "impacts", IncidentStateCodec::impact)),
				instant(document, "firstPublicUpdateAt"), instant(document, "firstMitigationAt"),
				nested(document, "latestPublicUpdate", IncidentStateCodec::publicUpdate),
				booleanValue(document, "postmortemPublished"), instant(document, "lastRecordedAt"),
				instant(document, "firstSignalAt"));
	}

	private static Document stamp(Stamp stamp) {
		if (stamp == null) {
			return null;
		}
		return put(new Document(), "occurredAt", date(stamp.occurredAt())).append("sequence", stamp.sequence());
	}

	private static Stamp stamp(Document document) {
		return new Stamp(instant(document, "occurredAt"), longValue(document, "sequence"));
	}

	private static Document responder(ResponderState responder) {
		Document document = new Document();
		put(document, "person", responder.person());
		put(document, "role", name(responder.role()));
		document.append("assigned", responder.assigned());
		put(document, "stamp", stamp(responder.stamp()));
		return document;
	}

	private static ResponderState responder(Document document) {
		return new ResponderState(string(document, "person"), enumValue(document, "role", ResponderRole.class),
				booleanValue(document, "assigned"), nested(document, "stamp", IncidentStateCodec::stamp));
	}

	/**
	 * An impact window, as the state holds it.
	 */
	static Document impact(ImpactWindow window) {
		Document document = new Document();
		put(document, "impactId", window.impactId());
		put(document, "service", window.service());
		put(document, "region", window.region());
		put(document, "level", name(window.level()));
		put(document, "errorRate", decimal(window.errorRate()));
		put(document, "startedAt", date(window.startedAt()));
		put(document, "endedAt", date(window.endedAt()));
		put(document, "estimatedAffectedUsers", affectedUsers(window.estimatedAffectedUsers()));
		document.append("affectedCustomerIds", window.affectedCustomerIds());
		document.append("corrected", window.corrected());
		document.append("reportedSequence", window.reportedSequence());
		// absent in windows stored before monitoring opened any: they read as a person's
		put(document, "source", name(window.source()));
		return document;
	}

	static ImpactWindow impact(Document document) {
		return new ImpactWindow(string(document, "impactId"), string(document, "service"), string(document, "region"),
				enumValue(document, "level", ImpactLevel.class), decimal(document, "errorRate"),
				instant(document, "startedAt"), instant(document, "endedAt"),
				nested(document, "estimatedAffectedUsers", IncidentStateCodec::affectedUsers),
				strings(document, "affectedCustomerIds"), booleanValue(document, "corrected"),
				longValue(document, "reportedSequence"), enumValue(document, "source", ImpactSource.class));
	}

	private static Document publicUpdate(PublicUpdate update) {
		if (update == null) {
			return null;
		}
		Document document = new Document();
		put(document, "status", name(update.status()));
		put(document, "message", update.message());
		put(document, "occurredAt", date(update.occurredAt()));
		document.append("sequence", update.sequence());
		return document;
	}

	private static PublicUpdate publicUpdate(Document document) {
		return new PublicUpdate(enumValue(document, "status", UpdateStatus.class), string(document, "message"),
				instant(document, "occurredAt"), longValue(document, "sequence"));
	}

	/**
	 * A range of affected users, in the state and in impact payloads alike.
	 */
	static Document affectedUsers(AffectedUsers users) {
		return (users != null) ? new Document("low", users.low()).append("high", users.high()) : null;
	}

	static AffectedUsers affectedUsers(Document document) {
		return new AffectedUsers(longValue(document, "low"), longValue(document, "high"));
	}

	private static <T> List<T> orEmpty(List<T> values) {
		return (values != null) ? values : List.of();
	}

}
