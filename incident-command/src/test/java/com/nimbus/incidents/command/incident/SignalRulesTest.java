package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.command.incident.Commands.ApplySignals;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signal rules of the {@link Incident} aggregate (signals.md, "What a signal does"),
 * given/when/then: signals in, events out.
 */
class SignalRulesTest {

	private static final String ID = "INC-0000000002";

	private static final Instant NOW = Instant.parse("2021-12-07T18:00:00Z");

	private static final Duration FLAP = Duration.ofMinutes(5);

	private static final String SOURCE = "alertmanager-use1";

	private FixtureConfiguration<Incident> fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new AggregateTestFixture<>(Incident.class);
	}

	private static Instant t(String time) {
		return Instant.parse("2021-12-07T" + time + "Z");
	}

	private static IncomingSignal firing(String fingerprint, String startsAt, ImpactLevel level, String errorRate) {
		return new IncomingSignal(SOURCE, fingerprint, SignalStatus.FIRING, "object-storage", "us-east-1", level,
				(errorRate != null) ? new BigDecimal(errorRate) : null, t(startsAt), null, "S3 errors");
	}

	private static IncomingSignal resolved(String fingerprint, String startsAt, String endsAt) {
		return new IncomingSignal(SOURCE, fingerprint, SignalStatus.RESOLVED, "object-storage", "us-east-1",
				ImpactLevel.MAJOR_OUTAGE, null, t(startsAt), t(endsAt), "S3 errors");
	}

	private static ApplySignals apply(IncomingSignal... signals) {
		return new ApplySignals(ID,
				java.util.Arrays.stream(signals).map((signal) -> new RoutedSignal(signal, FLAP)).toList(),
				new CommandContext(NOW, NOW, SOURCE));
	}

	private static EventMessage<?> event(Object payload, Instant occurredAt, boolean byMonitor) {
		CommandContext context = new CommandContext(occurredAt, NOW, byMonitor ? SOURCE : "dana@nimbus.example");
		return GenericEventMessage.asEventMessage(payload)
			.withMetaData(
					byMonitor ? EventMetadata.ofMonitor(occurredAt, context) : EventMetadata.of(occurredAt, context));
	}

	private static EventMessage<?> declared() {
		return event(new IncidentDeclared("S3 errors", Severity.SEV2, "summary", DetectionSource.MONITORING,
				t("15:30:00"), List.of("object-storage"), List.of("us-east-1")), t("15:31:00"), true);
	}

	private static String window(IncomingSignal opener) {
		return SignalRules.impactId(ID, opener);
	}

	private static ImpactReported opened(IncomingSignal opener) {
		return new ImpactReported(window(opener), opener.service(), opener.region(), opener.level(), opener.errorRate(),
				opener.startsAt(), null, null, null, ImpactSource.MONITOR, opener.fingerprint());
	}

	private static SignalReceived received(IncomingSignal signal, String impactId) {
		return new SignalReceived(signal.source(), signal.fingerprint(), signal.status(), signal.service(),
				signal.region(), signal.level(), signal.errorRate(), signal.startsAt(), signal.endsAt(),
				signal.summary(), impactId);
	}

	/** The events of a window opened by {@code opener}, as given history. */
	private static List<EventMessage<?>> openedBy(IncomingSignal opener) {
		return List.of(declared(), event(opened(opener), opener.startsAt(), true),
				event(received(opener, window(opener)), opener.startsAt(), true));
	}

	@Test
	void theFirstFiringSignalOfAComponentOpensAWindowAtItsStart() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.PARTIAL_OUTAGE, "0.30");
		this.fixture.given(declared())
			.when(apply(a))
			.expectSuccessfulHandlerExecution()
			.expectEvents(opened(a), received(a, window(a)));
	}

	@Test
	void signalsInOneCommandApplyInOrderEachSeeingTheOnesBefore() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.PARTIAL_OUTAGE, null);
		IncomingSignal b = firing("fp-b", "15:34:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal aEnds = resolved("fp-a", "15:30:00", "16:00:00");
		this.fixture.given(declared())
			.when(apply(a, a, b, aEnds))
			.expectEvents(opened(a), received(a, window(a)),
					new ImpactCorrected(window(a), null, null, ImpactLevel.MAJOR_OUTAGE, null,
							"Signal " + SOURCE + ":fp-b raised it", null),
					received(b, window(a)), received(aEnds, window(a)));
	}

	@Test
	void aRepeatOfAFiringAlertChangesNothing() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.PARTIAL_OUTAGE, "0.30");
		this.fixture.given(openedBy(a).toArray()).when(apply(a)).expectNoEvents();
	}

	@Test
	void anotherAlertOnTheComponentJoinsTheWindowAndRaisesItsLevelAndErrorRate() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.PARTIAL_OUTAGE, "0.30");
		IncomingSignal b = firing("fp-b", "15:34:00", ImpactLevel.MAJOR_OUTAGE, "0.62");
		this.fixture.given(openedBy(a).toArray())
			.when(apply(b))
			.expectEvents(new ImpactCorrected(window(a), null, null, ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.62"),
					"Signal " + SOURCE + ":fp-b raised it", null), received(b, window(a)));
	}

	@Test
	void anAlertThatBeganBeforeTheWindowMovesItsStart() {
		IncomingSignal b = firing("fp-b", "15:34:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		this.fixture.given(openedBy(b).toArray())
			.when(apply(a))
			.expectEvents(
					new ImpactCorrected(window(b), t("15:30:00"), null, null, null,
							"Signal " + SOURCE + ":fp-a began at 2021-12-07T15:30:00Z, before the window", null),
					received(a, window(b)));
	}

	@Test
	void aLesserAlertJoinsWithoutCorrectingAnything() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, "0.62");
		IncomingSignal b = firing("fp-b", "15:34:00", ImpactLevel.PARTIAL_OUTAGE, "0.10");
		this.fixture.given(openedBy(a).toArray()).when(apply(b)).expectEvents(received(b, window(a)));
	}

	@Test
	void theWindowEndsAtTheLatestEndOnceEveryAlertHoldingItHasResolved() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal b = firing("fp-b", "15:34:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal bEnds = resolved("fp-b", "15:34:00", "17:10:00");
		IncomingSignal aEnds = resolved("fp-a", "15:30:00", "17:05:00");
		this.fixture
			.given(openedBy(a).get(0), openedBy(a).get(1), openedBy(a).get(2),
					event(received(b, window(a)), b.startsAt(), true))
			.when(apply(bEnds))
			.expectEvents(received(bEnds, window(a)));
		this.fixture = new AggregateTestFixture<>(Incident.class);
		this.fixture
			.given(openedBy(a).get(0), openedBy(a).get(1), openedBy(a).get(2),
					event(received(b, window(a)), b.startsAt(), true),
					event(received(bEnds, window(a)), bEnds.endsAt(), true))
			.when(apply(aEnds))
			.expectEvents(received(aEnds, window(a)), new ImpactEnded(window(a), t("17:10:00")));
	}

	@Test
	void aResolutionOfAnAlertNotFiringChangesNothing() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		this.fixture.given(openedBy(a).toArray())
			.when(apply(resolved("fp-unknown", "15:00:00", "15:20:00")))
			.expectNoEvents();
	}

	@Test
	void aFiringOfAnEpisodeAlreadyResolvedChangesNothing() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal aEnds = resolved("fp-a", "15:30:00", "16:00:00");
		this.fixture
			.given(openedBy(a).get(0), openedBy(a).get(1), openedBy(a).get(2),
					event(received(aEnds, window(a)), aEnds.endsAt(), true),
					event(new ImpactEnded(window(a), t("16:00:00")), t("16:00:00"), true))
			.when(apply(a))
			.expectNoEvents();
	}

	@Test
	void anAlertFiringAgainWithinTheFlapWindowReopensItsWindow() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal aEnds = resolved("fp-a", "15:30:00", "16:00:00");
		IncomingSignal again = firing("fp-a", "16:04:00", ImpactLevel.MAJOR_OUTAGE, null);
		this.fixture
			.given(openedBy(a).get(0), openedBy(a).get(1), openedBy(a).get(2),
					event(received(aEnds, window(a)), aEnds.endsAt(), true),
					event(new ImpactEnded(window(a), t("16:00:00")), t("16:00:00"), true))
			.when(apply(again))
			.expectEvents(
					new ImpactCorrected(window(a), null, null, null, null,
							"Signal " + SOURCE + ":fp-a fired again within the flap window of 5 min", true),
					received(again, window(a)));
	}

	@Test
	void anAlertFiringAgainAfterTheFlapWindowOpensANewWindow() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal aEnds = resolved("fp-a", "15:30:00", "16:00:00");
		IncomingSignal later = firing("fp-a", "16:06:00", ImpactLevel.PARTIAL_OUTAGE, null);
		this.fixture
			.given(openedBy(a).get(0), openedBy(a).get(1), openedBy(a).get(2),
					event(received(aEnds, window(a)), aEnds.endsAt(), true),
					event(new ImpactEnded(window(a), t("16:00:00")), t("16:00:00"), true))
			.when(apply(later))
			.expectEvents(opened(later), received(later, window(later)));
	}

	@Test
	void aPersonsEndIsFinalSignalsForThatWindowAreOnlyRecorded() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal b = firing("fp-b", "16:02:00", ImpactLevel.MAJOR_OUTAGE, null);
		this.fixture
			.given(openedBy(a).get(0), openedBy(a).get(1), openedBy(a).get(2),
					event(new ImpactEnded(window(a), t("16:00:00")), t("16:00:00"), false))
			.when(apply(b))
			.expectEvents(received(b, null));
	}

	@Test
	void aPersonsCorrectionIsFinalTheAlertsResolutionNoLongerEndsTheWindow() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		IncomingSignal aEnds = resolved("fp-a", "15:30:00", "16:00:00");
		this.fixture
			.given(openedBy(a).get(0), openedBy(a).get(1), openedBy(a).get(2),
					event(new ImpactCorrected(window(a), t("15:10:00"), null, null, null, "Load balancer logs"), NOW,
							false))
			.when(apply(aEnds))
			.expectEvents(received(aEnds, window(a)));
	}

	@Test
	void aComponentWithAnOpenWindowAPersonReportedOnlyRecordsTheSignal() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		this.fixture
			.given(declared(),
					event(new ImpactReported("IMP-PERSON0001", "object-storage", "us-east-1",
							ImpactLevel.PARTIAL_OUTAGE, null, t("15:20:00"), null, null, null), t("15:20:00"), false))
			.when(apply(a))
			.expectEvents(received(a, null));
	}

	@Test
	void aResolvedIncidentTakesNoFiringSignal() {
		IncomingSignal a = firing("fp-a", "15:30:00", ImpactLevel.MAJOR_OUTAGE, null);
		this.fixture.given(declared(), event(new IncidentResolved("fixed"), t("16:00:00"), false))
			.when(apply(a))
			.expectException(IncidentRuleViolation.class);
	}

}
