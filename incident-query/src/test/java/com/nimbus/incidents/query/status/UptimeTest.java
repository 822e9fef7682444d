package com.nimbus.incidents.query.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.nimbus.incidents.query.status.Uptime.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact uptime values: 4 digits, rounded down, over the union of the windows, today a
 * whole day with nothing counted after now.
 */
class UptimeTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static Span span(String start, String end) {
		return new Span(Instant.parse(start), Instant.parse(end));
	}

	private static String on(List<String> daily, String day) {
		return daily.get((int) (LocalDate.parse(day).toEpochDay() - Uptime.firstDay(NOW).toEpochDay()));
	}

	@Test
	void ninetyDaysEndingToday() {
		List<String> daily = Uptime.daily(List.of(), NOW);

		assertThat(Uptime.firstDay(NOW)).isEqualTo(LocalDate.parse("2026-09-02"));
		assertThat(daily).hasSize(90).containsOnly("1.0000");
	}

	@Test
	void aWindowAcrossMidnightCountsOnBothDaysRoundedDown() {
		List<String> daily = Uptime.daily(List.of(span("2026-11-28T23:00:00Z", "2026-11-29T02:00:00Z")), NOW);

		// 23/24 = 0.958333..., 22/24 = 0.916666... (HALF_EVEN would say 0.9167)
		assertThat(on(daily, "2026-11-28")).isEqualTo("0.9583");
		assertThat(on(daily, "2026-11-29")).isEqualTo("0.9166");
		assertThat(on(daily, "2026-11-27")).isEqualTo("1.0000");
		assertThat(on(daily, "2026-11-30")).isEqualTo("1.0000");
	}

	@Test
	void overlappingWindowsCountOnce() {
		List<String> daily = Uptime.daily(List.of(span("2026-11-27T10:00:00Z", "2026-11-27T12:00:00Z"),
				span("2026-11-27T11:00:00Z", "2026-11-27T13:00:00Z"),
				span("2026-11-27T11:30:00Z", "2026-11-27T11:45:00Z")), NOW);

		assertThat(on(daily, "2026-11-27")).isEqualTo("0.8750");
	}

	@Test
	void anOpenWindowRunsToNowAndTodayCountsAsAWholeDay() {
		List<String> daily = Uptime.daily(List.of(new Span(Instant.parse("2026-11-30T06:00:00Z"), NOW)), NOW);

		assertThat(on(daily, "2026-11-30")).isEqualTo("0.7500");
	}

	@Test
	void nothingAfterNowIsCovered() {
		List<String> daily = Uptime.daily(List.of(span("2026-11-30T11:00:00Z", "2026-11-30T13:00:00Z")), NOW);

		assertThat(on(daily, "2026-11-30")).isEqualTo("0.9583");
	}

	@Test
	void aWholeDayDownIsZeroAndAMillisecondDownIsBelowOne() {
		List<String> daily = Uptime.daily(List.of(span("2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z"),
				span("2026-11-20T08:00:00Z", "2026-11-20T08:00:00.001Z")), NOW);

		assertThat(on(daily, "2026-11-25")).isEqualTo("0.0000");
		assertThat(on(daily, "2026-11-26")).isEqualTo("1.0000");
		assertThat(on(daily, "2026-11-20")).isEqualTo("0.9999");
	}

	@Test
	void aWindowThatStartedBeforeTheRangeCountsFromItsFirstDay() {
		List<String> daily = Uptime.daily(List.of(span("2026-08-01T00:00:00Z", "2026-09-02T06:00:00Z")), NOW);

		assertThat(daily.get(0)).isEqualTo("0.7500");
		assertThat(daily.get(1)).isEqualTo("1.0000");
	}

}
