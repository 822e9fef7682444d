package com.nimbus.incidents.history;

import java.time.Instant;

import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PointInTimeTest {

	private final IncidentLog scenario = ScenarioLog.build();

	private PointInTimeState at(String asOf, String knownAt) {
		return PointInTime.at(IncidentLog.INCIDENT, this.scenario.events(), (asOf != null) ? Instant.parse(asOf) : null,
				(knownAt != null) ? Instant.parse(knownAt) : null);
	}

	@Test
	void beforeTheDeclarationTheIncidentDidNotExistButItsImpactsHadStarted() {
		PointInTimeState state = at("2021-12-07T15:40:00Z", null);

		assertThat(state.state().status()).isEqualTo(IncidentStatus.NOT_DECLARED);
		assertThat(state.impacts()).extracting(ImpactWindow::impactId)
			.containsExactlyInAnyOrder("console-use1", "compute-use1", "storage-use1");
		assertThat(state.impacts()).allMatch(ImpactWindow::open);
		assertThat(state.actions()).extracting(LoggedEntry::kind).containsExactly("OTHER");
	}

	@Test
	void aLateCorrectionChangesWhatWasTrueButNotWhatWasKnownBeforeItWasRecorded() {
		// As known now: the console was down from 15:30, so at 15:35 it was already down.
		assertThat(at("2021-12-07T15:35:00Z", null).impacts()).extracting(ImpactWindow::impactId)
			.containsExactlyInAnyOrder("console-use1", "compute-use1", "storage-use1");

		// As known at 17:59, before the correction was recorded at 18:00: it started at
		// 15:45.
		PointInTimeState before = at("2021-12-07T15:35:00Z", "2021-12-07T17:59:00Z");
		assertThat(before.impacts()).extracting(ImpactWindow::impactId)
			.containsExactlyInAnyOrder("compute-use1", "storage-use1");
		assertThat(at("2021-12-07T16:00:00Z", "2021-12-07T17:59:00Z").impacts())
			.filteredOn((impact) -> impact.impactId().equals("console-use1"))
			.singleElement()
			.satisfies((console) -> {
				assertThat(console.startedAt()).isEqualTo(Instant.parse("2021-12-07T15:45:00Z"));
				assertThat(console.corrected()).isFalse();
			});

		// Once recorded, the corrected start holds for any point in time.
		assertThat(at("2021-12-07T16:00:00Z", "2021-12-07T18:00:00Z").impacts())
			.filteredOn((impact) -> impact.impactId().equals("console-use1"))
			.singleElement()
			.satisfies((console) -> assertThat(console.startedAt()).isEqualTo(Instant.parse("2021-12-07T15:30:00Z")));
	}

	@Test
	void windowsThatEndedAfterTheMomentWereOpenAtIt() {
		PointInTimeState state = at("2021-12-07T22:00:00Z", null);

		assertThat(state.impacts()).filteredOn(ImpactWindow::open)
			.extracting(ImpactWindow::impactId)
			.containsExactlyInAnyOrder("console-use1", "compute-use1");
		assertThat(state.impacts()).filteredOn((impact) -> !impact.open())
			.singleElement()
			.satisfies((storage) -> assertThat(storage.endedAt()).isEqualTo(Instant.parse("2021-12-07T21:34:00Z")));
		assertThat(state.state().status()).isEqualTo(IncidentStatus.OPEN);
		assertThat(state.state().severity()).isEqualTo(Severity.SEV1);
	}

	@Test
	void datedFactsCountFromTheirBusinessTime() {
		PointInTimeState state = at("2021-12-07T16:00:00Z", null);

		assertThat(state.state().severity()).isEqualTo(Severity.SEV2);
		assertThat(state.state().assignedResponders()).extracting(ResponderState::role)
			.containsExactly(ResponderRole.COMMANDER, ResponderRole.COMMUNICATIONS);
		assertThat(state.actions()).extracting(LoggedEntry::text)
			.containsExactly("Automated capacity scaling started the connection surge (recorded after the fact).");
	}

	@Test
	void withoutTimesItIsTheWholeLog() {
		PointInTimeState state = at(null, null);

		assertThat(state.state()).isEqualTo(this.scenario.fold());
		assertThat(state.actions()).extracting(LoggedEntry::occurredAt)
			.isSorted()
			.first()
			.isEqualTo(Instant.parse("2021-12-07T15:30:00Z"));
		assertThat(state.state().status()).isEqualTo(IncidentStatus.RESOLVED);
	}

	@Test
	void knownAtAloneShowsTheLogAsItStoodThen() {
		PointInTimeState state = at(null, "2021-12-07T16:06:00Z");

		assertThat(state.state().version()).isEqualTo(6);
		assertThat(state.state().severity()).isEqualTo(Severity.SEV1);
		assertThat(state.actions()).isEmpty();
	}

}
