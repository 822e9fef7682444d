package com.nimbus.incidents.readmodel;

import static com.nimbus.incidents.readmodel.BsonFields.booleanValue;
import static com.nimbus.incidents.readmodel.BsonFields.date;
import static com.nimbus.incidents.readmodel.BsonFields.decimal;
import static com.nimbus.incidents.readmodel.BsonFields.documents;
import static com.nimbus.incidents.readmodel.BsonFields.enumValue;
import static com.nimbus.incidents.readmodel.BsonFields.instant;
import static com.nimbus.incidents.readmodel.BsonFields.list;
import static com.nimbus.incidents.readmodel.BsonFields.name;
import static com.nimbus.incidents.readmodel.BsonFields.nested;
import static com.nimbus.incidents.readmodel.BsonFields.put;
import static com.nimbus.incidents.readmodel.BsonFields.string;
import static com.nimbus.incidents.readmodel.BsonFields.strings;

import java.util.Map;
import java.util.function.Function;

import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentReopened;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderReleased;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import org.bson.Document;

/**
 * The stored form of an incident event's payload (in its current schema) inside a
 * timeline entry and an impact fact, field by field. The names and types are those Spring
 * Data's converter wrote before (the record's component names, {@code null}s left out,
 * {@code StatusUpdatePosted.isPublic} under that name, not the wire's {@code public}), so
 * entries stored by earlier versions read unchanged; {@code ReadModelShapeTest} pins
 * them.
 */
public final class IncidentPayloadCodec {

	private static final Map<Class<?>, Function<Document, IncidentEvent>> DECODERS = Map.ofEntries(
			Map.entry(IncidentDeclared.class, IncidentPayloadCodec::declared),
			Map.entry(ResponderAssigned.class,
					(d) -> new ResponderAssigned(string(d, "person"), enumValue(d, "role", ResponderRole.class))),
			Map.entry(ResponderReleased.class,
					(d) -> new ResponderReleased(string(d, "person"), enumValue(d, "role", ResponderRole.class))),
			Map.entry(ActionRecorded.class,
					(d) -> new ActionRecorded(enumValue(d, "kind", ActionKind.class), string(d, "description"),
							strings(d, "relatedImpactIds"))),
			Map.entry(SeverityChanged.class,
					(d) -> new SeverityChanged(enumValue(d, "from", Severity.class), enumValue(d, "to", Severity.class),
							string(d, "reason"))),
			Map.entry(StatusUpdatePosted.class,
					(d) -> new StatusUpdatePosted(enumValue(d, "status", UpdateStatus.class), string(d, "message"),
							booleanValue(d, "isPublic"), string(d, "publicTitle"))),
			Map.entry(ImpactReported.class, IncidentPayloadCodec::reported),
			Map.entry(ImpactEnded.class, (d) -> new ImpactEnded(string(d, "impactId"), instant(d, "endedAt"))),
			Map.entry(ImpactCorrected.class,
					(d) -> new ImpactCorrected(string(d, "impactId"), instant(d, "startedAt"), instant(d, "endedAt"),
							enumValue(d, "level", ImpactLevel.class), decimal(d, "errorRate"), string(d, "reason"),
							d.getBoolean("reopened"))),
			Map.entry(IncidentResolved.class, (d) -> new IncidentResolved(string(d, "summary"))),
			Map.entry(IncidentReopened.class, (d) -> new IncidentReopened(string(d, "reason"))),
			Map.entry(PostmortemPublished.class, IncidentPayloadCodec::postmortem),
			Map.entry(NoteAdded.class, (d) -> new NoteAdded(string(d, "text"))),
			Map.entry(SignalReceived.class, IncidentPayloadCodec::signal));

	private IncidentPayloadCodec() {
	}

	public static Document encode(IncidentEvent event) {
		Document d = new Document();
		if (event instanceof IncidentDeclared declared) {
			put(d, "title", declared.title());
			put(d, "severity", name(declared.severity()));
			put(d, "summary", declared.summary());
			put(d, "detectionSource", name(declared.detectionSource()));
			put(d, "detectedAt", date(declared.detectedAt()));
			d.append("services", declared.services());
			d.append("regions", declared.regions());
			put(d, "publicTitle", declared.publicTitle());
		}
		else if (event instanceof ResponderAssigned assigned) {
			put(d, "person", assigned.person());
			put(d, "role", name(assigned.role()));
		}
		else if (event instanceof ResponderReleased released) {
			put(d, "person", released.person());
			put(d, "role", name(released.role()));
		}
		else if (event instanceof ActionRecorded action) {
			put(d, "kind", name(action.kind()));
			put(d, "description", action.description());
			d.append("relatedImpactIds", action.relatedImpactIds());
		}
		else if (event instanceof SeverityChanged changed) {
			put(d, "from", name(changed.from()));
			put(d, "to", name(changed.to()));
			put(d, "reason", changed.reason());
		}
		else if (event instanceof StatusUpdatePosted update) {
			put(d, "status", name(update.status()));
			put(d, "message", update.message());
			d.append("isPublic", update.isPublic());
			put(d, "publicTitle", update.publicTitle());
		}
		else if (event instanceof ImpactReported reported) {
			put(d, "impactId", reported.impactId());
			put(d, "service", reported.service());
			put(d, "region", reported.region());
			put(d, "level", name(reported.level()));
			put(d, "errorRate", decimal(reported.errorRate()));
			put(d, "startedAt", date(reported.startedAt()));
			put(d, "endedAt", date(reported.endedAt()));
			put(d, "estimatedAffectedUsers", IncidentStateCodec.affectedUsers(reported.estimatedAffectedUsers()));
			put(d, "affectedCustomerIds", reported.affectedCustomerIds());
			// absent in reports stored before version 2: they read as a person's
			put(d, "source", name(reported.source()));
			put(d, "fingerprint", reported.fingerprint());
		}
		else if (event instanceof ImpactEnded ended) {
			put(d, "impactId", ended.impactId());
			put(d, "endedAt", date(ended.endedAt()));
		}
		else if (event instanceof ImpactCorrected corrected) {
			put(d, "impactId", corrected.impactId());
			put(d, "startedAt", date(corrected.startedAt()));
			put(d, "endedAt", date(corrected.endedAt()));
			put(d, "level", name(corrected.level()));
			put(d, "errorRate", decimal(corrected.errorRate()));
			put(d, "reason", corrected.reason());
			put(d, "reopened", corrected.reopened());
		}
		else if (event instanceof IncidentResolved resolved) {
			put(d, "summary", resolved.summary());
		}
		else if (event instanceof IncidentReopened reopened) {
			put(d, "reason", reopened.reason());
		}
		else if (event instanceof PostmortemPublished postmortem) {
			put(d, "rootCause", postmortem.rootCause());
			put(d, "trigger", postmortem.trigger());
			put(d, "resolution", postmortem.resolution());
			put(d, "detection", postmortem.detection());
			d.append("lessons", postmortem.lessons());
			d.append("actionItems", documents(postmortem.actionItems(), IncidentPayloadCodec::actionItem));
		}
		else if (event instanceof NoteAdded note) {
			put(d, "text", note.text());
		}
		else if (event instanceof SignalReceived signal) {
			put(d, "source", signal.source());
			put(d, "fingerprint", signal.fingerprint());
			put(d, "status", name(signal.status()));
			put(d, "service", signal.service());
			put(d, "region", signal.region());
			put(d, "level", name(signal.level()));
			put(d, "errorRate", decimal(signal.errorRate()));
			put(d, "startsAt", date(signal.startsAt()));
			put(d, "endsAt", date(signal.endsAt()));
			put(d, "summary", signal.summary());
			put(d, "impactId", signal.impactId());
		}
		else {
			throw new IllegalArgumentException("No stored form for " + event.getClass().getName());
		}
		return d;
	}

	/**
	 * The payload of an event of this type (its wire name), in its current schema.
	 */
	public static IncidentEvent decode(String type, Document payload) {
		Class<?> payloadClass = EventTypes.named(type, IncidentEvent.class)
			.orElseThrow(() -> new IllegalStateException("Unknown event type in the read model: " + type))
			.payloadClass();
		Function<Document, IncidentEvent> decoder = DECODERS.get(payloadClass);
		if (decoder == null) {
			throw new IllegalStateException("No stored form for " + payloadClass.getName());
		}
		return decoder.apply(payload);
	}

	private static IncidentDeclared declared(Document d) {
		return new IncidentDeclared(string(d, "title"), enumValue(d, "severity", Severity.class), string(d, "summary"),
				enumValue(d, "detectionSource", DetectionSource.class), instant(d, "detectedAt"),
				strings(d, "services"), strings(d, "regions"), string(d, "publicTitle"));
	}

	private static ImpactReported reported(Document d) {
		return new ImpactReported(string(d, "impactId"), string(d, "service"), string(d, "region"),
				enumValue(d, "level", ImpactLevel.class), decimal(d, "errorRate"), instant(d, "startedAt"),
				instant(d, "endedAt"), nested(d, "estimatedAffectedUsers", IncidentStateCodec::affectedUsers),
				strings(d, "affectedCustomerIds"), enumValue(d, "source", ImpactSource.class),
				string(d, "fingerprint"));
	}

	private static SignalReceived signal(Document d) {
		return new SignalReceived(string(d, "source"), string(d, "fingerprint"),
				enumValue(d, "status", SignalStatus.class), string(d, "service"), string(d, "region"),
				enumValue(d, "level", ImpactLevel.class), decimal(d, "errorRate"), instant(d, "startsAt"),
				instant(d, "endsAt"), string(d, "summary"), string(d, "impactId"));
	}

	private static PostmortemPublished postmortem(Document d) {
		return new PostmortemPublished(string(d, "rootCause"), string(d, "trigger"), string(d, "resolution"),
				string(d, "detection"), strings(d, "lessons"),
				list(d, "actionItems", (item) -> new ActionItem(string(item, "description"), string(item, "owner"))));
	}

	private static Document actionItem(ActionItem item) {
		Document document = new Document();
		put(document, "description", item.description());
		put(document, "owner", item.owner());
		return document;
	}

}
