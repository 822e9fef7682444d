package com.nimbus.incidents.projector.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry.Kind;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFeedEntriesTest {

	private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

	private static IncidentLog declared() {
		IncidentLog log = new IncidentLog("INC-F", START);
		log.poll(new IncidentDeclared("SECRET-internal title", Severity.SEV2, "SECRET-summary",
				DetectionSource.MONITORING, null, List.of("checkout"), List.of("eu-west-1")));
		return log;
	}

	private static ImpactReported impact(Instant startedAt) {
		return new ImpactReported("imp-1", "checkout", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE, new BigDecimal("0.3"),
				startedAt, null, null, List.of("SECRET-customer"), null, null);
	}

	@Test
	void aPublicStatusUpdateEntersWithItsTextAndThePublicTitle() {
		IncidentLog log = declared();

		List<StatusFeedEntry> entries = StatusFeedEntries.of(log.poll(new StatusUpdatePosted(UpdateStatus.INVESTIGATING,
				"We are looking into checkout errors", true, "Checkout errors")));

		assertThat(entries).singleElement().satisfies((entry) -> {
			assertThat(entry.eventId()).isEqualTo("e-1");
			assertThat(entry.kind()).isEqualTo(Kind.STATUS_UPDATE);
			assertThat(entry.publicTitle()).isEqualTo("Checkout errors");
			assertThat(entry.status()).isEqualTo(UpdateStatus.INVESTIGATING);
			assertThat(entry.message()).isEqualTo("We are looking into checkout errors");
			assertThat(entry.recordedAt()).isEqualTo(START.plusSeconds(61));
			assertThat(entry.window()).isNull();
		});
	}

	@Test
	void anInternalUpdateANoteAndASeverityChangeDoNotEnter() {
		IncidentLog log = declared();

		List<StatusFeedEntry> entries = StatusFeedEntries
			.of(log.poll(new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "SECRET-internal update", false),
					new NoteAdded("SECRET-note"), new SeverityChanged(Severity.SEV2, Severity.SEV1, "SECRET-reason")));

		assertThat(entries).isEmpty();
	}

	@Test
	void impactChangesEnterWithTheWindowAsThePageShowsItAfterEachEvent() {
		IncidentLog log = declared();
		Instant startedAt = START.minusSeconds(600);

		List<StatusFeedEntry> entries = StatusFeedEntries.of(log.poll(impact(startedAt),
				new ImpactCorrected("imp-1", null, null, ImpactLevel.MAJOR_OUTAGE, null, "SECRET-correction reason"),
				new ImpactEnded("imp-1", START.plusSeconds(3600))));

		assertThat(entries).extracting(StatusFeedEntry::kind)
			.containsExactly(Kind.IMPACT_REPORTED, Kind.IMPACT_CHANGED, Kind.IMPACT_ENDED);
		assertThat(entries).extracting(StatusFeedEntry::window)
			.containsExactly(new StatusPageWindow("checkout", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE, startedAt, null),
					new StatusPageWindow("checkout", "eu-west-1", ImpactLevel.MAJOR_OUTAGE, startedAt, null),
					new StatusPageWindow("checkout", "eu-west-1", ImpactLevel.MAJOR_OUTAGE, startedAt,
							START.plusSeconds(3600)));
		assertThat(entries).extracting(StatusFeedEntry::publicTitle).containsOnlyNulls();
		assertThat(entries.toString()).doesNotContain("SECRET");
	}

	@Test
	void aCorrectionOfTheErrorRateAloneDoesNotEnter() {
		IncidentLog log = declared();
		log.poll(impact(START));

		List<StatusFeedEntry> entries = StatusFeedEntries
			.of(log.poll(new ImpactCorrected("imp-1", null, null, null, new BigDecimal("0.5"), "SECRET-reason")));

		assertThat(entries).isEmpty();
	}

	@Test
	void theEntriesDoNotDependOnHowTheEventsWereBatched() {
		IncidentLog onePoll = declared();
		IncidentLog twoPolls = declared();
		StatusUpdatePosted update = new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "Found it", true, "Checkout");
		ImpactEnded end = new ImpactEnded("imp-1", START.plusSeconds(900));

		List<StatusFeedEntry> together = StatusFeedEntries.of(onePoll.poll(impact(START), update, end));
		List<StatusFeedEntry> apart = new java.util.ArrayList<>(StatusFeedEntries.of(twoPolls.poll(impact(START))));
		apart.addAll(StatusFeedEntries.of(twoPolls.poll(update, end)));

		assertThat(together).hasSize(3).isEqualTo(apart);
	}

}
