package com.nimbus.incidents.projector.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which polls change the status page document, and what an entry holds: the public parts
 * of an incident only.
 */
class StatusEntriesTest {

	private static final Instant START = Instant.parse("2026-11-30T07:00:00Z");

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static IncidentDeclared declared() {
		return new IncidentDeclared("SECRET-title", Severity.SEV2, "SECRET-summary", DetectionSource.MONITORING, null,
				List.of("dns"), List.of("us-east-1"));
	}

	private static ImpactReported impact() {
		return new ImpactReported("dns-use1", "dns", "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
				START, null, null, List.of("SECRET-customer"));
	}

	@Test
	void anIncidentWithoutImpactChangesNothingEvenWhenItPublishes() {
		IncidentLog log = new IncidentLog("INC-1", START);

		assertThat(StatusEntries.change(log.poll(declared()), NOW)).isEmpty();
		assertThat(StatusEntries.change(log.poll(new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "Looking", true)),
				NOW))
			.isEmpty();
	}

	@Test
	void anImpactAfterAPublicUpdateEntersWithTheSequenceUpToWhichEarlierUpdatesLie() {
		IncidentLog log = new IncidentLog("INC-1", START);
		log.poll(declared(), new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "Looking", true, "DNS errors"));

		StatusChange change = StatusEntries.change(log.poll(impact()), NOW).orElseThrow();

		assertThat(change.earlierUpTo()).isEqualTo(1);
		assertThat(change.applied()).isEmpty();
		assertThat(change.entry().publicTitle()).isEqualTo("DNS errors");
		assertThat(change.entry().version()).isEqualTo(2);
		assertThat(change.entry().windows())
			.containsExactly(new StatusPageWindow("dns", "us-east-1", ImpactLevel.MAJOR_OUTAGE, START, null));
	}

	@Test
	void onlyPublicUpdatesAreApplied() {
		IncidentLog log = new IncidentLog("INC-1", START);
		log.poll(declared(), impact());

		StatusChange change = StatusEntries
			.change(log.poll(new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "SECRET-internal", false),
					new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "Cause found", true)), NOW)
			.orElseThrow();

		assertThat(change.applied())
			.containsExactly(new StatusPageUpdate(UpdateStatus.IDENTIFIED, "Cause found", START.plusSeconds(180), 3));
		assertThat(change.earlierUpTo()).isEqualTo(-1);
		assertThat(change.toString()).doesNotContain("SECRET");
	}

	@Test
	void notesRespondersAndInternalUpdatesOfAShownIncidentChangeNothing() {
		IncidentLog log = new IncidentLog("INC-1", START);
		log.poll(declared(), impact());

		Optional<StatusChange> change = StatusEntries.change(log.poll(new NoteAdded("SECRET-note"),
				new ResponderAssigned("SECRET@nimbus.example", ResponderRole.COMMANDER),
				new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "SECRET-internal", false)), NOW);

		assertThat(change).isEmpty();
	}

	@Test
	void anEndedWindowAndTheResolutionAreChanges() {
		IncidentLog log = new IncidentLog("INC-1", START);
		log.poll(declared(), impact());

		StatusChange ended = StatusEntries.change(log.poll(new ImpactEnded("dns-use1", START.plusSeconds(600))), NOW)
			.orElseThrow();
		StatusChange resolved = StatusEntries.change(log.poll(new IncidentResolved("SECRET-resolution")), NOW)
			.orElseThrow();

		assertThat(ended.entry().windows().get(0).endedAt()).isEqualTo(START.plusSeconds(600));
		assertThat(resolved.entry().status()).isEqualTo(IncidentStatus.RESOLVED);
		assertThat(resolved.entry().resolvedAt()).isEqualTo(START.plusSeconds(180));
		assertThat(resolved.toString()).doesNotContain("SECRET");
	}

	@Test
	void anIncidentResolvedMoreThanNinetyDaysAgoIsNoChangeAnyMore() {
		IncidentLog log = new IncidentLog("INC-1", START);
		log.poll(declared(), impact(), new IncidentResolved("done"));

		assertThat(StatusEntries.change(log.poll(new NoteAdded("later")), START.plusSeconds(91L * 86400))).isEmpty();
	}

	@Test
	void anIncidentKnownOnlyByItsStateMayHaveUpdatesUpToItsVersion() {
		IncidentLog log = new IncidentLog("INC-1", START);
		log.poll(declared(), new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "Looking", true), impact(),
				new NoteAdded("n"));

		StatusChange change = StatusEntries.change(IncidentChange.whole(log.state()), NOW).orElseThrow();

		assertThat(change.earlierUpTo()).isEqualTo(3);
		assertThat(change.applied()).isEmpty();
	}

}
