package com.nimbus.incidents.console.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UtcInputTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T23:59:00Z"), ZoneOffset.ofHours(9));

	@Test
	void aDateAndA24HourClockAreOneUtcInstant() {
		assertThat(UtcInput.of("2026-11-30", "16:05", CLOCK)).isEqualTo(new UtcInput("2026-11-30T16:05:00Z", null));
		assertThat(UtcInput.of("2026-11-30", " 7:05 ", CLOCK).instant()).isEqualTo("2026-11-30T07:05:00Z");
		assertThat(UtcInput.of("2026-11-30", "2305", CLOCK).instant()).isEqualTo("2026-11-30T23:05:00Z");
		assertThat(UtcInput.of("2026-11-30", "23:05:09", CLOCK).instant()).isEqualTo("2026-11-30T23:05:09Z");
	}

	@Test
	void aClockWithoutADateIsTodayInUtcNotInTheMachinesZone() {
		assertThat(UtcInput.of("", "08:00", CLOCK).instant()).isEqualTo("2026-11-30T08:00:00Z");
	}

	@Test
	void nothingTypedIsNoTime() {
		assertThat(UtcInput.of(null, " ", CLOCK)).isEqualTo(new UtcInput(null, null));
	}

	@Test
	void whatCannotBeReadIsNamedAndNoTimeIsSent() {
		assertThat(UtcInput.of("2026-11-30", "2pm", CLOCK)).isEqualTo(new UtcInput(null, UtcInput.HOW));
		assertThat(UtcInput.of("2026-11-30", "24:00", CLOCK)).isEqualTo(new UtcInput(null, UtcInput.HOW));
		assertThat(UtcInput.of("2026-11-30", "", CLOCK).error()).isEqualTo("Give the time too (HH:MM, 24-hour UTC)");
		assertThat(UtcInput.of("30/11/2026", "10:00", CLOCK).error()).isEqualTo("Write the date as YYYY-MM-DD (UTC)");
	}

}
