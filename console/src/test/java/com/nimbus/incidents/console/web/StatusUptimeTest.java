package com.nimbus.incidents.console.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusUptimeTest {

	@Test
	void eachDayGetsItsDateAndColourAndTheRowItsAverage() {
		List<Object> daily = new ArrayList<>(Collections.nCopies(88, "1.0000"));
		daily.add("0.9950");
		daily.add("0.7500");
		Map<String, Object> page = Map.of("uptime",
				List.of(Map.of("service", "dns", "region", "us-east-1", "from", "2026-09-02", "daily", daily)));

		List<StatusUptime.Row> rows = StatusUptime.rows(page);

		assertThat(rows).hasSize(1);
		StatusUptime.Row row = rows.get(0);
		assertThat(row.service()).isEqualTo("dns");
		// (88 + 0.995 + 0.75) / 90 = 0.99716..., as a percentage rounded down
		assertThat(row.percent()).isEqualTo("99.71");
		assertThat(row.days()).hasSize(90);
		assertThat(row.days().get(0)).isEqualTo(new StatusUptime.Day("2026-09-02", "1.0000", "up"));
		assertThat(row.days().get(88)).isEqualTo(new StatusUptime.Day("2026-11-29", "0.9950", "degraded"));
		assertThat(row.days().get(89)).isEqualTo(new StatusUptime.Day("2026-11-30", "0.7500", "down"));
	}

	@Test
	void noPageOrAnOlderPageWithoutUptimeGivesNoRows() {
		assertThat(StatusUptime.rows(null)).isEmpty();
		assertThat(StatusUptime.rows(Map.of("services", List.of()))).isEmpty();
	}

}
