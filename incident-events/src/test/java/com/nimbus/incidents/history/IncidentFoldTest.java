package com.nimbus.incidents.history;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentReopened;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderReleased;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentFoldTest {

	private static IncidentLog declared() {
		return new IncidentLog().add("2021-12-07T15:48:00Z", "2021-12-07T15:48:30Z", new IncidentDeclared("title",
				Severity.SEV2, "summary", DetectionSource.MONITORING, null, List.of("console"), List.of("us-east-1")));
	}

	@Test
	void aDeclaredIncidentIsOpenAndDetectedWhenDeclaredUnlessToldOtherwise() {
		IncidentState state = declared().fold();

		assertThat(state.version()).isZero();
		assertThat(state.status()).isEqualTo(IncidentStatus.OPEN);
		assertThat(state.severity()).isEqualTo(Severity.SEV2);
		assertThat(state.declaredAt()).isEqualTo(Instant.parse("2021-12-07T15:48:00Z"));
		assertThat(state.detectedAt()).isEqualTo(state.declaredAt());
		assertThat(state.services()).containsExactly("console");
	}

	@Test
	void aSeverityChangeRecordedLateButDatedEarlierDoesNotOverrideALaterOne() {
		IncidentState state = declared()
			.add("2021-12-07T16:30:00Z", "2021-12-07T16:30:10Z",
					new SeverityChanged(Severity.SEV2, Severity.SEV1, "worse"))
			.add("2021-12-07T16:00:00Z", "2021-12-07T17:00:00Z",
					new SeverityChanged(Severity.SEV1, Severity.SEV3, "late note"))
			.fold();

		assertThat(state.severity()).isEqualTo(Severity.SEV1);
		assertThat(state.version()).isEqualTo(2);
	}

	@Test
	void respondersFollowTheirLatestAssignmentFact() {
		IncidentState state = declared()
			.add("2021-12-07T15:49:00Z", "2021-12-07T15:49:00Z", new ResponderAssigned("dana", ResponderRole.COMMANDER))
			.add("2021-12-07T15:50:00Z", "2021-12-07T15:50:00Z", new ResponderAssigned("li", ResponderRole.SCRIBE))
			.add("2021-12-07T16:50:00Z", "2021-12-07T16:50:00Z", new ResponderReleased("dana", ResponderRole.COMMANDER))
			.add("2021-12-07T16:51:00Z", "2021-12-07T16:51:00Z", new ResponderAssigned("sam", ResponderRole.COMMANDER))
			.fold();

		assertThat(state.assignedResponders()).extracting(ResponderState::person, ResponderState::role)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("li", ResponderRole.SCRIBE),
					org.assertj.core.groups.Tuple.tuple("sam", ResponderRole.COMMANDER));
	}

	@Test
	void aCorrectionReplacesOnlyTheFieldsItNamesAndMarksTheWindow() {
		IncidentState state = declared()
			.add("2021-12-07T15:45:00Z", "2021-12-07T15:55:00Z",
					new ImpactReported("i1", "console", "us-east-1", ImpactLevel.PARTIAL_OUTAGE, new BigDecimal("0.4"),
							Instant.parse("2021-12-07T15:45:00Z"), null, null, null))
			.add("2021-12-07T18:00:00Z", "2021-12-07T18:00:00Z",
					new ImpactCorrected("i1", Instant.parse("2021-12-07T15:30:00Z"), null, ImpactLevel.MAJOR_OUTAGE,
							null, "logs"))
			.fold();

		ImpactWindow window = state.impact("i1").orElseThrow();
		assertThat(window.startedAt()).isEqualTo(Instant.parse("2021-12-07T15:30:00Z"));
		assertThat(window.level()).isEqualTo(ImpactLevel.MAJOR_OUTAGE);
		assertThat(window.errorRate()).isEqualByComparingTo("0.4");
		assertThat(window.corrected()).isTrue();
		assertThat(window.open()).isTrue();
	}

	@Test
	void aMonitoringWindowReopenedWithinItsFlapWindowIsOpenAgainAndKeepsItsSource() {
		IncidentState state = declared()
			.add("2021-12-07T15:40:00Z", "2021-12-07T15:40:02Z",
					new ImpactReported("m1", "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null,
							Instant.parse("2021-12-07T15:40:00Z"), null, null, null, ImpactSource.MONITOR, "fp"))
			.add("2021-12-07T16:00:00Z", "2021-12-07T16:00:02Z",
					new ImpactEnded("m1", Instant.parse("2021-12-07T16:00:00Z")))
			.add("2021-12-07T16:03:00Z", "2021-12-07T16:03:02Z",
					new ImpactCorrected("m1", null, null, null, null, "fired again", true))
			.fold();

		ImpactWindow window = state.impact("m1").orElseThrow();
		assertThat(window.open()).isTrue();
		assertThat(window.source()).isEqualTo(ImpactSource.MONITOR);
		assertThat(window.startedAt()).isEqualTo(Instant.parse("2021-12-07T15:40:00Z"));
	}

	@Test
	void aSignalThatBeganBeforeTheFirstReportedImpactIsWhenDetectionIsMeasuredFrom() {
		IncidentState state = declared()
			.add("2021-12-07T15:45:00Z", "2021-12-07T15:55:00Z",
					new ImpactReported("i1", "console", "us-east-1", ImpactLevel.PARTIAL_OUTAGE, null,
							Instant.parse("2021-12-07T15:45:00Z"), null, null, null))
			.add("2021-12-07T15:31:00Z", "2021-12-07T15:56:00Z",
					new SignalReceived("am", "fp", SignalStatus.FIRING, "console", "us-east-1",
							ImpactLevel.MAJOR_OUTAGE, null, Instant.parse("2021-12-07T15:31:00Z"), null, "errors",
							null))
			.fold();

		assertThat(state.firstSignalAt()).isEqualTo(Instant.parse("2021-12-07T15:31:00Z"));
		// detected at declaration, 15:48: 17 minutes after the signal began, not 3 after
		// the
		// first reported impact
		assertThat(TimelineMetrics.of(state).timeToDetect()).isEqualTo(java.time.Duration.ofMinutes(17));
		assertThat(TimelineMetrics.of(declared().fold()).timeToDetect()).isNull();
	}

	@Test
	void resolvingAndReopeningMoveTheStatusAndTheResolutionTime() {
		IncidentLog log = declared().add("2021-12-08T00:44:00Z", "2021-12-08T00:45:00Z", new IncidentResolved("fixed"));
		IncidentState resolved = log.fold();
		assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
		assertThat(resolved.resolvedAt()).isEqualTo(Instant.parse("2021-12-08T00:44:00Z"));
		assertThat(resolved.resolution()).isEqualTo("fixed");

		IncidentState reopened = log.add("2021-12-08T02:00:00Z", "2021-12-08T02:00:00Z", new IncidentReopened("again"))
			.fold();
		assertThat(reopened.status()).isEqualTo(IncidentStatus.OPEN);
		assertThat(reopened.resolvedAt()).isNull();
	}

	@Test
	void onlyPublicUpdatesCountAsAcknowledgementAndTheEarliestMitigationCounts() {
		IncidentState state = declared()
			.add("2021-12-07T16:00:00Z", "2021-12-07T16:00:00Z",
					new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "internal", false))
			.add("2021-12-07T16:10:00Z", "2021-12-07T16:10:00Z",
					new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "public", true))
			.add("2021-12-07T17:00:00Z", "2021-12-07T17:00:00Z", new ActionRecorded(ActionKind.ROLLBACK, "rollback"))
			.add("2021-12-07T16:50:00Z", "2021-12-07T17:10:00Z", new ActionRecorded(ActionKind.MITIGATION, "earlier"))
			.add("2021-12-07T16:40:00Z", "2021-12-07T17:20:00Z", new ActionRecorded(ActionKind.FIX, "not a mitigation"))
			.fold();

		assertThat(state.firstPublicUpdateAt()).isEqualTo(Instant.parse("2021-12-07T16:10:00Z"));
		assertThat(state.latestPublicUpdate().message()).isEqualTo("public");
		assertThat(state.firstMitigationAt()).isEqualTo(Instant.parse("2021-12-07T16:50:00Z"));
	}

	@Test
	void thePublicTitleComesOnlyFromWhatWasPublished() {
		IncidentState nothingPublished = declared()
			.add("2021-12-07T16:00:00Z", "2021-12-07T16:00:00Z",
					new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "internal", false, null))
			.fold();
		IncidentState published = new IncidentLog()
			.add("2021-12-07T15:48:00Z", "2021-12-07T15:48:30Z",
					new IncidentDeclared("internal title", Severity.SEV2, null, DetectionSource.MONITORING, null,
							List.of("console"), List.of("us-east-1"), "Console errors"))
			.add("2021-12-07T16:10:00Z", "2021-12-07T16:10:00Z",
					new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "found it", true, "Console errors in us-east-1"))
			.add("2021-12-07T16:20:00Z", "2021-12-07T16:20:00Z",
					new StatusUpdatePosted(UpdateStatus.MONITORING, "keeps the title", true, null))
			.fold();

		assertThat(nothingPublished.title()).isEqualTo("title");
		assertThat(nothingPublished.publicTitle()).isNull();
		assertThat(published.title()).isEqualTo("internal title");
		assertThat(published.publicTitle()).isEqualTo("Console errors in us-east-1");
	}

	@Test
	void anEventOutOfSequenceIsRefused() {
		IncidentState state = declared().fold();
		var skipped = new IncidentLog()
			.add("2021-12-07T15:48:00Z", "2021-12-07T15:48:30Z",
					new IncidentDeclared("t", Severity.SEV2, null, DetectionSource.MONITORING, null, List.of(),
							List.of()))
			.add("2021-12-07T15:49:00Z", "2021-12-07T15:49:00Z", new ActionRecorded(ActionKind.OTHER, "x"))
			.add("2021-12-07T15:50:00Z", "2021-12-07T15:50:00Z", new ActionRecorded(ActionKind.OTHER, "y"))
			.events()
			.get(2);

		assertThatThrownBy(() -> IncidentFold.apply(state, skipped)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("does not follow version 0");
	}

	/**
	 * Worked by hand from the scenario: the first impact starts at 15:30 (compute-api,
	 * and the console after its correction); detected 15:41; declared 15:48; first public
	 * update 16:22; first mitigation 17:28; resolved 00:44 the next day.
	 */
	@Test
	void theScenarioMetricsFollowTheCorrectedFacts() {
		IncidentState state = ScenarioLog.build().fold();

		assertThat(state.firstImpactStart()).contains(Instant.parse("2021-12-07T15:30:00Z"));
		TimelineMetrics metrics = TimelineMetrics.of(state);
		assertThat(metrics.timeToDetect()).isEqualTo(Duration.parse("PT11M"));
		assertThat(metrics.timeToDeclare()).isEqualTo(Duration.parse("PT7M"));
		assertThat(metrics.timeToAcknowledge()).isEqualTo(Duration.parse("PT52M"));
		assertThat(metrics.timeToMitigate()).isEqualTo(Duration.parse("PT1H58M"));
		assertThat(metrics.timeToResolve()).isEqualTo(Duration.parse("PT9H14M"));
		assertThat(state.severity()).isEqualTo(Severity.SEV1);
		assertThat(state.status()).isEqualTo(IncidentStatus.RESOLVED);
		assertThat(state.postmortemPublished()).isTrue();
		assertThat(state.impacts()).allMatch((impact) -> !impact.open());
	}

	@Test
	void metricsAreAbsentUntilBothEndsAreKnown() {
		TimelineMetrics metrics = TimelineMetrics.of(declared().fold());

		assertThat(metrics.timeToDeclare()).isEqualTo(Duration.ZERO);
		assertThat(metrics.timeToDetect()).isNull();
		assertThat(metrics.timeToAcknowledge()).isNull();
		assertThat(metrics.timeToMitigate()).isNull();
		assertThat(metrics.timeToResolve()).isNull();
	}

}
