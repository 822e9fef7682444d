package com.nimbus.incidents.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * A fact about an incident. The wire name of each type is declared here, once; it never
 * changes and is never a Java class name. The {@code type} and {@code schemaVersion}
 * travel on the {@link EventEnvelope}, so the payload carries only its own fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonSubTypes({ @JsonSubTypes.Type(value = IncidentDeclared.class, name = "IncidentDeclared"),
		@JsonSubTypes.Type(value = ResponderAssigned.class, name = "ResponderAssigned"),
		@JsonSubTypes.Type(value = ResponderReleased.class, name = "ResponderReleased"),
		@JsonSubTypes.Type(value = ActionRecorded.class, name = "ActionRecorded"),
		@JsonSubTypes.Type(value = SeverityChanged.class, name = "SeverityChanged"),
		@JsonSubTypes.Type(value = StatusUpdatePosted.class, name = "StatusUpdatePosted"),
		@JsonSubTypes.Type(value = ImpactReported.class, name = "ImpactReported"),
		@JsonSubTypes.Type(value = ImpactEnded.class, name = "ImpactEnded"),
		@JsonSubTypes.Type(value = ImpactCorrected.class, name = "ImpactCorrected"),
		@JsonSubTypes.Type(value = IncidentResolved.class, name = "IncidentResolved"),
		@JsonSubTypes.Type(value = IncidentReopened.class, name = "IncidentReopened"),
		@JsonSubTypes.Type(value = PostmortemPublished.class, name = "PostmortemPublished"),
		@JsonSubTypes.Type(value = NoteAdded.class, name = "NoteAdded"),
		@JsonSubTypes.Type(value = SignalReceived.class, name = "SignalReceived") })
public sealed interface IncidentEvent permits IncidentDeclared, ResponderAssigned, ResponderReleased, ActionRecorded,
		SeverityChanged, StatusUpdatePosted, ImpactReported, ImpactEnded, ImpactCorrected, IncidentResolved,
		IncidentReopened, PostmortemPublished, NoteAdded, SignalReceived {

}
