package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.command.incident.Commands.AddNote;
import com.nimbus.incidents.command.incident.Commands.AssignResponder;
import com.nimbus.incidents.command.incident.Commands.ChangeSeverity;
import com.nimbus.incidents.command.incident.Commands.CorrectImpact;
import com.nimbus.incidents.command.incident.Commands.PublishPostmortem;
import com.nimbus.incidents.command.incident.Commands.ReleaseResponder;
import com.nimbus.incidents.command.incident.Commands.ReopenIncident;
import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.IncidentReopened;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderReleased;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.command.incident.Commands.DeclareIncident;
import com.nimbus.incidents.command.incident.Commands.EndImpact;
import com.nimbus.incidents.command.incident.Commands.PostStatusUpdate;
import com.nimbus.incidents.command.incident.Commands.RecordAction;
import com.nimbus.incidents.command.incident.Commands.ReportImpact;
import com.nimbus.incidents.command.incident.Commands.ResolveIncident;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per rule of the {@link Incident} aggregate, given/when/then.
 */
class IncidentTest {

	private static final String ID = "INC-0000000001";

	private static final Instant DECLARED = Instant.parse("2021-12-07T15:48:00Z");

	private static final Instant NOW = Instant.parse("2021-12-07T18:00:00Z");

	private FixtureConfiguration<Incident> fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new AggregateTestFixture<>(Incident.class);
	}

	private static CommandContext at(String occurredAt) {
		return new CommandContext(Instant.parse(occurredAt), NOW, "dana@nimbus.example");
	}

	private static EventMessage<?> event(Object payload, String occurredAt) {
		return GenericEventMessage.asEventMessage(payload)
			.withMetaData(EventMetadata.of(Instant.parse(occurredAt), at(occurredAt)));
	}

	private static EventMessage<?> declared() {
		return event(
				new IncidentDeclared("us-east-1 errors", Severity.SEV2, "summary", DetectionSource.CUSTOMER_REPORT,
						Instant.parse("2021-12-07T15:41:00Z"), List.of("console"), List.of("us-east-1")),
				DECLARED.toString());
	}

	private static EventMessage<?> impact(String impactId, String startedAt, String endedAt) {
		return event(
				new ImpactReported(impactId, "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null,
						Instant.parse(startedAt), (endedAt != null) ? Instant.parse(endedAt) : null, null, null),
				startedAt);
	}

	private static ReportImpact report(String impactId, String startedAt, String endedAt) {
		return new ReportImpact(ID, impactId, "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.62"),
				Instant.parse(startedAt), (endedAt != null) ? Instant.parse(endedAt) : null, null, List.of("acme"),
				at(NOW.toString()), null);
	}

	@Test
	void declaringRecordsTheDeclarationAndItsCommanderAtItsDeclaredTime() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "us-east-1 errors", null, Severity.SEV2, "summary",
					DetectionSource.CUSTOMER_REPORT, Instant.parse("2021-12-07T15:41:00Z"), List.of("console"),
					List.of("us-east-1"), "dana@nimbus.example", at(DECLARED.toString())))
			.expectSuccessfulHandlerExecution()
			.expectEvents(
					new IncidentDeclared("us-east-1 errors", Severity.SEV2, "summary", DetectionSource.CUSTOMER_REPORT,
							Instant.parse("2021-12-07T15:41:00Z"), List.of("console"), List.of("us-east-1")),
					new ResponderAssigned("dana@nimbus.example", ResponderRole.COMMANDER))
			.expectResultMessagePayload(ID);
		var stored = this.fixture.getEventStore().readEvents(ID);
		for (long sequence = 0; sequence < 2; sequence++) {
			var event = stored.next();
			assertThat(event.getSequenceNumber()).isEqualTo(sequence);
			assertThat(EventMetadata.occurredAt(event.getMetaData())).isEqualTo(DECLARED);
			assertThat(EventMetadata.recordedAt(event.getMetaData())).isEqualTo(NOW);
			assertThat(EventMetadata.actor(event.getMetaData())).isEqualTo("dana@nimbus.example");
		}
		assertThat(stored.hasNext()).isFalse();
	}

	@Test
	void theDeclarerMayNameSomeoneElseAsCommander() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "t", null, Severity.SEV3, null, DetectionSource.CUSTOMER_REPORT, null,
					List.of(), List.of(), "sam@nimbus.example", at(DECLARED.toString())))
			.expectEvents(new IncidentDeclared("t", Severity.SEV3, null, DetectionSource.CUSTOMER_REPORT, DECLARED,
					List.of(), List.of()), new ResponderAssigned("sam@nimbus.example", ResponderRole.COMMANDER));
	}

	@Test
	void theCommanderNamedAtDeclarationIsHandedOverLikeAnyOther() {
		this.fixture
			.given(declared(),
					event(new ResponderAssigned("dana@nimbus.example", ResponderRole.COMMANDER), DECLARED.toString()))
			.when(new AssignResponder(ID, "sam@nimbus.example", ResponderRole.COMMANDER, at("2021-12-07T16:00:00Z"),
					null))
			.expectEvents(new ResponderReleased("dana@nimbus.example", ResponderRole.COMMANDER),
					new ResponderAssigned("sam@nimbus.example", ResponderRole.COMMANDER));
	}

	@Test
	void anIncidentMonitoringDeclaresHasNoCommander() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "S3 errors", null, Severity.SEV2, null, DetectionSource.MONITORING, null,
					List.of("s3"), List.of("us-east-1"), null, at(DECLARED.toString())))
			.expectEvents(new IncidentDeclared("S3 errors", Severity.SEV2, null, DetectionSource.MONITORING, DECLARED,
					List.of("s3"), List.of("us-east-1")));
	}

	@Test
	void aDeclarationWithoutDetectionTimeIsDetectedWhenDeclared() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "t", null, Severity.SEV3, null, DetectionSource.MONITORING, null, List.of(),
					List.of(), null, at(DECLARED.toString())))
			.expectEvents(new IncidentDeclared("t", Severity.SEV3, null, DetectionSource.MONITORING, DECLARED,
					List.of(), List.of()));
	}

	@Test
	void cannotBeDetectedAfterItIsDeclared() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "t", null, Severity.SEV3, null, DetectionSource.MONITORING,
					Instant.parse("2021-12-07T16:00:00Z"), List.of(), List.of(), "dana@nimbus.example",
					at(DECLARED.toString())))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("detectedAt"));
	}

	@Test
	void recordingAnActionAppendsItAndReturnsTheNewVersion() {
		this.fixture.given(declared())
			.when(new RecordAction(ID, ActionKind.MITIGATION, "Moved DNS", List.of(), at("2021-12-07T17:28:00Z"), null))
			.expectEvents(new ActionRecorded(ActionKind.MITIGATION, "Moved DNS"))
			.expectResultMessagePayload(1L);
	}

	@Test
	void anActionMayNameTheImpactsItWasAbout() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new RecordAction(ID, ActionKind.ROLLBACK, "Rolled back", List.of("console-use1"),
					at("2021-12-07T17:00:00Z"), null))
			.expectEvents(new ActionRecorded(ActionKind.ROLLBACK, "Rolled back", List.of("console-use1")));
	}

	@Test
	void anActionCannotNameAnUnknownImpact() {
		this.fixture.given(declared())
			.when(new RecordAction(ID, ActionKind.ROLLBACK, "Rolled back", List.of("nope"), at("2021-12-07T17:00:00Z"),
					null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void postingAStatusUpdateAppendsIt() {
		this.fixture.given(declared())
			.when(new PostStatusUpdate(ID, UpdateStatus.INVESTIGATING, "Looking", true, null,
					at("2021-12-07T16:22:00Z"), null))
			.expectEvents(new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "Looking", true))
			.expectResultMessagePayload(1L);
	}

	@Test
	void aDeclarationMayPublishATitle() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "acme's db-7 is melting", "Elevated errors in eu-west-1", Severity.SEV2, null,
					DetectionSource.MONITORING, null, List.of(), List.of(), null, at(DECLARED.toString())))
			.expectEvents(new IncidentDeclared("acme's db-7 is melting", Severity.SEV2, null,
					DetectionSource.MONITORING, DECLARED, List.of(), List.of(), "Elevated errors in eu-west-1"));
	}

	@Test
	void aPublicStatusUpdateMaySetThePublicTitle() {
		this.fixture.given(declared())
			.when(new PostStatusUpdate(ID, UpdateStatus.IDENTIFIED, "Found it", true, "Elevated errors in eu-west-1",
					at("2021-12-07T16:22:00Z"), null))
			.expectEvents(
					new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "Found it", true, "Elevated errors in eu-west-1"))
			.expectResultMessagePayload(1L);
	}

	@Test
	void anInternalStatusUpdateCannotSetThePublicTitle() {
		this.fixture.given(declared())
			.when(new PostStatusUpdate(ID, UpdateStatus.IDENTIFIED, "Found it", false, "Elevated errors",
					at("2021-12-07T16:22:00Z"), null))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("only for a public status update"));
	}

	@Test
	void reportingAnImpactIsDatedAtItsStart() {
		this.fixture.given(declared())
			.when(report("console-use1", "2021-12-07T15:45:00Z", null))
			.expectEvents(new ImpactReported("console-use1", "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE,
					new BigDecimal("0.62"), Instant.parse("2021-12-07T15:45:00Z"), null, null, List.of("acme")))
			.expectResultMessagePayload(1L);
		EventMessage<?> reported = lastEvent();
		assertThat(EventMetadata.occurredAt(reported.getMetaData())).isEqualTo(Instant.parse("2021-12-07T15:45:00Z"));
	}

	@Test
	void cannotReportTheSameImpactTwice() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(report("console-use1", "2021-12-07T15:50:00Z", null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void cannotReportAnImpactThatEndsBeforeItStarts() {
		this.fixture.given(declared())
			.when(report("console-use1", "2021-12-07T15:45:00Z", "2021-12-07T15:45:00Z"))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

	@Test
	void cannotReportAnOpenImpactOnAResolvedIncident() {
		this.fixture.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"))
			.when(report("late", "2021-12-07T15:45:00Z", null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void canReportAnEndedImpactOnAResolvedIncident() {
		this.fixture.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"))
			.when(report("late", "2021-12-07T15:45:00Z", "2021-12-07T16:45:00Z"))
			.expectEvents(new ImpactReported("late", "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE,
					new BigDecimal("0.62"), Instant.parse("2021-12-07T15:45:00Z"),
					Instant.parse("2021-12-07T16:45:00Z"), null, List.of("acme")));
	}

	@Test
	void endingAnImpactIsDatedAtItsEnd() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T22:22:00Z"), at(NOW.toString()), null))
			.expectEvents(new ImpactEnded("console-use1", Instant.parse("2021-12-07T22:22:00Z")))
			.expectResultMessagePayload(2L);
		assertThat(EventMetadata.occurredAt(lastEvent().getMetaData()))
			.isEqualTo(Instant.parse("2021-12-07T22:22:00Z"));
	}

	@Test
	void cannotEndAnUnknownImpact() {
		this.fixture.given(declared())
			.when(new EndImpact(ID, "nope", Instant.parse("2021-12-07T22:22:00Z"), at(NOW.toString()), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("no impact nope"));
	}

	@Test
	void cannotEndAnEndedImpact() {
		this.fixture
			.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null),
					event(new ImpactEnded("console-use1", Instant.parse("2021-12-07T22:22:00Z")),
							"2021-12-07T22:22:00Z"))
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T23:00:00Z"), at(NOW.toString()), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void cannotEndAnImpactThatWasReportedEnded() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", "2021-12-07T16:00:00Z"))
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T23:00:00Z"), at(NOW.toString()), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void cannotEndAnImpactBeforeItStarted() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T15:40:00Z"), at(NOW.toString()), null))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

	@Test
	void resolvingAnIncidentWithEveryImpactEnded() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", "2021-12-07T22:22:00Z"))
			.when(new ResolveIncident(ID, "All services operating normally.", at("2021-12-08T00:44:00Z"), null))
			.expectEvents(new IncidentResolved("All services operating normally."))
			.expectResultMessagePayload(2L);
	}

	@Test
	void cannotResolveAResolvedIncident() {
		this.fixture.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"))
			.when(new ResolveIncident(ID, "again", at("2021-12-08T01:00:00Z"), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("already resolved"));
	}

	@Test
	void cannotResolveWhileAnImpactIsOpen() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new ResolveIncident(ID, "done", at("2021-12-08T00:44:00Z"), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("console-use1"));
	}

	@Test
	void cannotResolveBeforeTheDeclaration() {
		this.fixture.given(declared())
			.when(new ResolveIncident(ID, "done", at("2021-12-07T15:00:00Z"), null))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

	@Test
	void assigningAResponderRecordsIt() {
		this.fixture.given(declared())
			.when(new AssignResponder(ID, "li@nimbus.example", ResponderRole.COMMUNICATIONS, at("2021-12-07T15:52:00Z"),
					null))
			.expectEvents(new ResponderAssigned("li@nimbus.example", ResponderRole.COMMUNICATIONS))
			.expectResultMessagePayload(1L);
	}

	@Test
	void cannotAssignAPersonToARoleTheyHold() {
		this.fixture.given(declared(), event(new ResponderAssigned("li", ResponderRole.SCRIBE), "2021-12-07T15:52:00Z"))
			.when(new AssignResponder(ID, "li", ResponderRole.SCRIBE, at("2021-12-07T16:00:00Z"), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void thereIsOneCommanderAtATimeSoAssigningAnotherHandsOver() {
		this.fixture
			.given(declared(), event(new ResponderAssigned("dana", ResponderRole.COMMANDER), "2021-12-07T15:49:00Z"))
			.when(new AssignResponder(ID, "sam", ResponderRole.COMMANDER, at("2021-12-07T19:00:00Z"), null))
			.expectEvents(new ResponderReleased("dana", ResponderRole.COMMANDER),
					new ResponderAssigned("sam", ResponderRole.COMMANDER))
			.expectResultMessagePayload(3L);
	}

	@Test
	void onePersonMayHoldSeveralRoles() {
		this.fixture
			.given(declared(), event(new ResponderAssigned("dana", ResponderRole.COMMANDER), "2021-12-07T15:49:00Z"))
			.when(new AssignResponder(ID, "dana", ResponderRole.SCRIBE, at("2021-12-07T15:50:00Z"), null))
			.expectEvents(new ResponderAssigned("dana", ResponderRole.SCRIBE));
	}

	@Test
	void releasingAResponderRecordsIt() {
		this.fixture.given(declared(), event(new ResponderAssigned("li", ResponderRole.SCRIBE), "2021-12-07T15:52:00Z"))
			.when(new ReleaseResponder(ID, "li", ResponderRole.SCRIBE, at("2021-12-07T18:00:00Z"), null))
			.expectEvents(new ResponderReleased("li", ResponderRole.SCRIBE));
	}

	@Test
	void cannotReleaseARoleThePersonDoesNotHold() {
		this.fixture.given(declared(), event(new ResponderAssigned("li", ResponderRole.SCRIBE), "2021-12-07T15:52:00Z"))
			.when(new ReleaseResponder(ID, "li", ResponderRole.COMMANDER, at("2021-12-07T18:00:00Z"), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void changingTheSeverityRecordsWhereItCameFromAndWhy() {
		this.fixture.given(declared())
			.when(new ChangeSeverity(ID, Severity.SEV1, "Multiple core services", at("2021-12-07T16:05:00Z"), null))
			.expectEvents(new SeverityChanged(Severity.SEV2, Severity.SEV1, "Multiple core services"));
	}

	@Test
	void cannotChangeTheSeverityToWhatItIs() {
		this.fixture
			.given(declared(),
					event(new SeverityChanged(Severity.SEV2, Severity.SEV1, "worse"), "2021-12-07T16:05:00Z"))
			.when(new ChangeSeverity(ID, Severity.SEV1, "again", at("2021-12-07T16:10:00Z"), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void addingANoteRecordsIt() {
		this.fixture.given(declared())
			.when(new AddNote(ID, "Paged the network team", at("2021-12-07T16:00:00Z"), null))
			.expectEvents(new NoteAdded("Paged the network team"));
	}

	@Test
	void aCorrectionRecordsOnlyTheFieldsItNames() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new CorrectImpact(ID, "console-use1", Instant.parse("2021-12-07T15:30:00Z"), null, null, null,
					"Access logs show errors from 15:30.", at(NOW.toString()), null))
			.expectEvents(new ImpactCorrected("console-use1", Instant.parse("2021-12-07T15:30:00Z"), null, null, null,
					"Access logs show errors from 15:30."));
	}

	@Test
	void cannotCorrectAnUnknownImpact() {
		this.fixture.given(declared())
			.when(new CorrectImpact(ID, "nope", null, null, ImpactLevel.PARTIAL_OUTAGE, null, "r", at(NOW.toString()),
					null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void aCorrectionNamesAtLeastOneField() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new CorrectImpact(ID, "console-use1", null, null, null, null, "nothing", at(NOW.toString()), null))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

	@Test
	void cannotCorrectTheEndOfAnOpenImpact() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new CorrectImpact(ID, "console-use1", null, Instant.parse("2021-12-07T16:00:00Z"), null, null, "r",
					at(NOW.toString()), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void aCorrectionCannotMakeAWindowEndBeforeItStarts() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", "2021-12-07T16:00:00Z"))
			.when(new CorrectImpact(ID, "console-use1", Instant.parse("2021-12-07T16:30:00Z"), null, null, null, "r",
					at(NOW.toString()), null))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

	@Test
	void theEndOfAnEndedImpactCanBeCorrected() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", "2021-12-07T16:00:00Z"))
			.when(new CorrectImpact(ID, "console-use1", null, Instant.parse("2021-12-07T17:00:00Z"), null, null,
					"ended later", at(NOW.toString()), null))
			.expectEvents(new ImpactCorrected("console-use1", null, Instant.parse("2021-12-07T17:00:00Z"), null, null,
					"ended later"));
	}

	@Test
	void reopeningAResolvedIncident() {
		this.fixture.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"))
			.when(new ReopenIncident(ID, "errors are back", at("2021-12-08T02:00:00Z"), null))
			.expectEvents(new IncidentReopened("errors are back"));
	}

	@Test
	void cannotReopenAnOpenIncident() {
		this.fixture.given(declared())
			.when(new ReopenIncident(ID, "why", at("2021-12-08T02:00:00Z"), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void cannotReopenBeforeTheResolution() {
		this.fixture.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"))
			.when(new ReopenIncident(ID, "back", at("2021-12-08T00:00:00Z"), null))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

	@Test
	void aReopenedIncidentCanBeResolvedAgain() {
		this.fixture
			.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"),
					event(new IncidentReopened("back"), "2021-12-08T02:00:00Z"))
			.when(new ResolveIncident(ID, "really done", at("2021-12-08T03:00:00Z"), null))
			.expectEvents(new IncidentResolved("really done"));
	}

	@Test
	void publishingThePostmortemOfAResolvedIncident() {
		PostmortemPublished postmortem = new PostmortemPublished("root", "trigger", "resolution", "detection",
				List.of("lesson"), List.of(new ActionItem("fail over", "li")));
		this.fixture.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"))
			.when(new PublishPostmortem(ID, "root", "trigger", "resolution", "detection", List.of("lesson"),
					List.of(new ActionItem("fail over", "li")), at("2021-12-10T12:00:00Z"), null))
			.expectEvents(postmortem);
	}

	@Test
	void cannotPublishThePostmortemOfAnOpenIncident() {
		this.fixture.given(declared())
			.when(new PublishPostmortem(ID, "root", null, "resolution", null, List.of(), List.of(),
					at("2021-12-10T12:00:00Z"), null))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void aStaleExpectedVersionIsRefused() {
		this.fixture.given(declared(), event(new NoteAdded("first"), "2021-12-07T16:00:00Z"))
			.when(new AddNote(ID, "based on version 0", at("2021-12-07T16:01:00Z"), 0L))
			.expectNoEvents()
			.expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class);
	}

	@Test
	void theCurrentExpectedVersionIsAccepted() {
		this.fixture.given(declared(), event(new NoteAdded("first"), "2021-12-07T16:00:00Z"))
			.when(new AddNote(ID, "based on version 1", at("2021-12-07T16:01:00Z"), 1L))
			.expectEvents(new NoteAdded("based on version 1"))
			.expectResultMessagePayload(2L);
	}

	private EventMessage<?> lastEvent() {
		var stream = this.fixture.getEventStore().readEvents(ID);
		EventMessage<?> last = null;
		while (stream.hasNext()) {
			last = stream.next();
		}
		return last;
	}

}
