package com.nimbus.incidents.console.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusUptimeTest {

	private final Readable readable = new Readable();

	@Test
	void eachDayGetsItsLabelAndColourAndTheBarItsNinetyDayFigure() {
		List<Object> daily = new ArrayList<>(Collections.nCopies(88, "1.0000"));
		daily.add("0.9950");
		daily.add("0.7500");
		Map<String, Object> page = Map.of("uptime",
				List.of(Map.of("service", "dns", "region", "us-east-1", "from", "2026-09-02", "daily", daily)));

		Map<String, StatusUptime.Bar> bars = StatusUptime.bars(page, this.readable);

		assertThat(bars).containsOnlyKeys("dns\nus-east-1");
		StatusUptime.Bar bar = bars.get(StatusUptime.key("dns", "us-east-1"));
		// (88 + 0.995 + 0.75) / 90 = 0.997166..., 4 decimals of a percentage, rounded
		// down
		assertThat(bar.figure()).isEqualTo("99.7166 %");
		assertThat(bar.from()).isEqualTo("2026-09-02");
		assertThat(bar.to()).isEqualTo("2026-11-30");
		assertThat(bar.days()).hasSize(90);
		assertThat(bar.days().get(0)).isEqualTo(new StatusUptime.Day("2 Sep 2026: 100.0000 %", "up"));
		assertThat(bar.days().get(88)).isEqualTo(new StatusUptime.Day("29 Nov 2026: 99.5000 %", "degraded"));
		assertThat(bar.days().get(89)).isEqualTo(new StatusUptime.Day("30 Nov 2026: 75.0000 %", "down"));
	}

	@Test
	void aSingleBadMinuteNeverReadsAsAHundredPercent() {
		List<Object> daily = new ArrayList<>(Collections.nCopies(89, "1.0000"));
		daily.add("0.9999");
		Map<String, Object> page = Map.of("uptime",
				List.of(Map.of("service", "dns", "region", "eu-west-1", "from", "2026-09-02", "daily", daily)));

		StatusUptime.Bar bar = StatusUptime.bars(page, this.readable).get(StatusUptime.key("dns", "eu-west-1"));

		assertThat(bar.figure()).isEqualTo("99.9998 %");
		assertThat(bar.days().get(89).label()).isEqualTo("30 Nov 2026: 99.9900 %");
	}

	@Test
	void noPageOrAPageWithoutUptimeGivesNoBars() {
		assertThat(StatusUptime.bars(null, this.readable)).isEmpty();
		assertThat(StatusUptime.bars(Map.of("services", List.of()), this.readable)).isEmpty();
	}

}
