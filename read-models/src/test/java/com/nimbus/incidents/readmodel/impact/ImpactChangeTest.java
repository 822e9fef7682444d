package com.nimbus.incidents.readmodel.impact;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.readmodel.impact.ImpactChange.Recorded;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImpactChangeTest {

	@Test
	void aWindowTouchesItsStartMonthThroughTheMonthOfTheLastInstantBeforeItsEnd() {
		ImpactChange change = ImpactChange.of("INC-1", List.of(),
				List.of(reported(1, "2021-12-30T10:00:00Z", "w", "2021-11-28T00:00:00Z", "2022-02-01T00:00:00Z")));

		assertThat(change.months()).containsExactly(YearMonth.of(2021, 11), YearMonth.of(2021, 12),
				YearMonth.of(2022, 1));
		assertThat(change.open()).isEmpty();
		assertThat(change.closed()).containsExactly("w");
		assertThat(change.closedIn()).isEmpty();
		assertThat(change.lastSequence()).isEqualTo(1);
	}

	@Test
	void anOpenWindowTouchesItsStartMonthAndOnceEndedTheMonthsToItsEndAndTheMonthItsEndWasRecordedIn() {
		ImpactChange opened = ImpactChange.of("INC-1", List.of(),
				List.of(reported(1, "2021-11-28T10:00:00Z", "w", "2021-11-28T00:00:00Z", null)));
		assertThat(opened.months()).containsExactly(YearMonth.of(2021, 11));
		assertThat(opened.open()).containsExactly("w");

		ImpactChange ended = ImpactChange.of("INC-1", opened.windows(), List.of(new Recorded(4,
				Instant.parse("2022-02-01T00:00:00Z"), new ImpactEnded("w", Instant.parse("2022-01-15T00:00:00Z")))));

		assertThat(ended.months()).containsExactly(YearMonth.of(2021, 11), YearMonth.of(2021, 12),
				YearMonth.of(2022, 1));
		assertThat(ended.closedIn()).containsExactly(YearMonth.of(2022, 2));
		assertThat(ended.open()).isEmpty();

		ImpactChange both = ImpactChange.of("INC-1", List.of(),
				List.of(reported(1, "2021-11-28T10:00:00Z", "w", "2021-11-28T00:00:00Z", null),
						new Recorded(4, Instant.parse("2022-02-01T00:00:00Z"),
								new ImpactEnded("w", Instant.parse("2022-01-15T00:00:00Z")))));
		assertThat(both.open()).as("open after one of the events").containsExactly("w");
		assertThat(both.closed()).containsExactly("w");
		assertThat(both.closedIn()).containsExactly(YearMonth.of(2022, 2));
		assertThat(ended.closed()).containsExactly("w");
		assertThat(ended.lastSequence()).isEqualTo(4);
	}

	@Test
	void everyVersionOfACorrectedWindowCountsAndOtherEventsAreIgnored() {
		List<ImpactWindow> before = ImpactChange
			.of("INC-1", List.of(),
					List.of(reported(1, "2021-12-05T10:00:00Z", "w", "2021-12-05T09:00:00Z", "2021-12-05T11:00:00Z")))
			.windows();

		ImpactChange moved = ImpactChange.of("INC-1", before, List.of(
				new Recorded(3, Instant.parse("2022-01-10T00:00:00Z"),
						new ImpactCorrected("w", Instant.parse("2022-03-01T00:00:00Z"),
								Instant.parse("2022-03-02T00:00:00Z"), null, null, "wrong year")),
				new Recorded(2, Instant.parse("2022-01-09T00:00:00Z"), new NoteAdded("a note")),
				new Recorded(5, Instant.parse("2022-01-11T00:00:00Z"),
						new ImpactCorrected("w", Instant.parse("2022-04-30T00:00:00Z"), null, null, null, "again")),
				new Recorded(6, Instant.parse("2022-01-12T00:00:00Z"),
						new ImpactEnded("unknown", Instant.parse("2022-01-12T00:00:00Z")))));

		// the second correction moves the start past the end: its version touches April
		assertThat(moved.months()).containsExactly(YearMonth.of(2022, 3), YearMonth.of(2022, 4));
		assertThat(moved.closedIn()).isEmpty();
		assertThat(moved.lastSequence()).isEqualTo(6);
		assertThat(moved.windows()).singleElement()
			.satisfies((window) -> assertThat(window.startedAt()).isEqualTo(Instant.parse("2022-04-30T00:00:00Z")));
	}

	@Test
	void aWindowEndedByACorrectionIsClosedInTheMonthTheCorrectionWasRecordedIn() {
		List<ImpactWindow> open = ImpactChange
			.of("INC-1", List.of(), List.of(reported(1, "2021-12-31T23:00:00Z", "w", "2021-12-31T22:00:00Z", null)))
			.windows();

		ImpactChange corrected = ImpactChange.of("INC-1", open, List.of(new Recorded(2,
				Instant.parse("2022-01-01T00:00:00Z"),
				new ImpactCorrected("w", null, Instant.parse("2021-12-31T23:30:00Z"), null, null, "ended earlier"))));

		assertThat(corrected.months()).containsExactly(YearMonth.of(2021, 12));
		assertThat(corrected.closedIn()).containsExactly(YearMonth.of(2022, 1));
	}

	private static Recorded reported(long sequence, String recordedAt, String impactId, String from, String to) {
		return new Recorded(sequence, Instant.parse(recordedAt),
				new ImpactReported(impactId, "storage", "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
						Instant.parse(from), (to != null) ? Instant.parse(to) : null, null, null));
	}

}
