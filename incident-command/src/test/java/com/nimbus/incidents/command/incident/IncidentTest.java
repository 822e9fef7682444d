package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

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
				at(NOW.toString()));
	}

	@Test
	void declaringRecordsTheDeclarationAtItsDeclaredTime() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "us-east-1 errors", Severity.SEV2, "summary", DetectionSource.CUSTOMER_REPORT,
					Instant.parse("2021-12-07T15:41:00Z"), List.of("console"), List.of("us-east-1"),
					at(DECLARED.toString())))
			.expectSuccessfulHandlerExecution()
			.expectEvents(
					new IncidentDeclared("us-east-1 errors", Severity.SEV2, "summary", DetectionSource.CUSTOMER_REPORT,
							Instant.parse("2021-12-07T15:41:00Z"), List.of("console"), List.of("us-east-1")))
			.expectResultMessagePayload(ID);
		EventMessage<?> stored = this.fixture.getEventStore().readEvents(ID).next();
		assertThat(EventMetadata.occurredAt(stored.getMetaData())).isEqualTo(DECLARED);
		assertThat(EventMetadata.recordedAt(stored.getMetaData())).isEqualTo(NOW);
		assertThat(EventMetadata.actor(stored.getMetaData())).isEqualTo("dana@nimbus.example");
	}

	@Test
	void aDeclarationWithoutDetectionTimeIsDetectedWhenDeclared() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "t", Severity.SEV3, null, DetectionSource.MONITORING, null, List.of(),
					List.of(), at(DECLARED.toString())))
			.expectEvents(new IncidentDeclared("t", Severity.SEV3, null, DetectionSource.MONITORING, DECLARED,
					List.of(), List.of()));
	}

	@Test
	void cannotBeDetectedAfterItIsDeclared() {
		this.fixture.givenNoPriorActivity()
			.when(new DeclareIncident(ID, "t", Severity.SEV3, null, DetectionSource.MONITORING,
					Instant.parse("2021-12-07T16:00:00Z"), List.of(), List.of(), at(DECLARED.toString())))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("detectedAt"));
	}

	@Test
	void recordingAnActionAppendsItAndReturnsTheNewVersion() {
		this.fixture.given(declared())
			.when(new RecordAction(ID, ActionKind.MITIGATION, "Moved DNS", at("2021-12-07T17:28:00Z")))
			.expectEvents(new ActionRecorded(ActionKind.MITIGATION, "Moved DNS"))
			.expectResultMessagePayload(1L);
	}

	@Test
	void postingAStatusUpdateAppendsIt() {
		this.fixture.given(declared())
			.when(new PostStatusUpdate(ID, UpdateStatus.INVESTIGATING, "Looking", true, at("2021-12-07T16:22:00Z")))
			.expectEvents(new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "Looking", true))
			.expectResultMessagePayload(1L);
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
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T22:22:00Z"), at(NOW.toString())))
			.expectEvents(new ImpactEnded("console-use1", Instant.parse("2021-12-07T22:22:00Z")))
			.expectResultMessagePayload(2L);
		assertThat(EventMetadata.occurredAt(lastEvent().getMetaData()))
			.isEqualTo(Instant.parse("2021-12-07T22:22:00Z"));
	}

	@Test
	void cannotEndAnUnknownImpact() {
		this.fixture.given(declared())
			.when(new EndImpact(ID, "nope", Instant.parse("2021-12-07T22:22:00Z"), at(NOW.toString())))
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
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T23:00:00Z"), at(NOW.toString())))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void cannotEndAnImpactThatWasReportedEnded() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", "2021-12-07T16:00:00Z"))
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T23:00:00Z"), at(NOW.toString())))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class);
	}

	@Test
	void cannotEndAnImpactBeforeItStarted() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new EndImpact(ID, "console-use1", Instant.parse("2021-12-07T15:40:00Z"), at(NOW.toString())))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

	@Test
	void resolvingAnIncidentWithEveryImpactEnded() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", "2021-12-07T22:22:00Z"))
			.when(new ResolveIncident(ID, "All services operating normally.", at("2021-12-08T00:44:00Z")))
			.expectEvents(new IncidentResolved("All services operating normally."))
			.expectResultMessagePayload(2L);
	}

	@Test
	void cannotResolveAResolvedIncident() {
		this.fixture.given(declared(), event(new IncidentResolved("done"), "2021-12-08T00:44:00Z"))
			.when(new ResolveIncident(ID, "again", at("2021-12-08T01:00:00Z")))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("already resolved"));
	}

	@Test
	void cannotResolveWhileAnImpactIsOpen() {
		this.fixture.given(declared(), impact("console-use1", "2021-12-07T15:45:00Z", null))
			.when(new ResolveIncident(ID, "done", at("2021-12-08T00:44:00Z")))
			.expectNoEvents()
			.expectException(IncidentRuleViolation.class)
			.expectExceptionMessage(org.hamcrest.Matchers.containsString("console-use1"));
	}

	@Test
	void cannotResolveBeforeTheDeclaration() {
		this.fixture.given(declared())
			.when(new ResolveIncident(ID, "done", at("2021-12-07T15:00:00Z")))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
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
