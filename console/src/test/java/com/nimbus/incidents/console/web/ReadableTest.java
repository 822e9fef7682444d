package com.nimbus.incidents.console.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadableTest {

	private final Readable readable = new Readable(Clock.fixed(Instant.parse("2026-11-30T14:17:40Z"), ZoneOffset.UTC));

	@Test
	void durationsReadInWholeUnits() {
		assertThat(this.readable.duration("PT1H58M")).isEqualTo("1 h 58 min");
		assertThat(this.readable.duration("PT20M28.426S")).isEqualTo("20 min");
		assertThat(this.readable.duration("PT2H")).isEqualTo("2 h");
		assertThat(this.readable.duration("PT45.9S")).isEqualTo("45 s");
		assertThat(this.readable.duration("P2DT3H5M")).isEqualTo("2 d 3 h");
		assertThat(this.readable.duration("-PT7M")).isEqualTo("−7 min");
		assertThat(this.readable.duration(null)).isEqualTo("—");
		assertThat(this.readable.duration("soon")).isEqualTo("soon");
	}

	@Test
	void timesReadToTheMinuteInUtcWithARelativeHint() {
		assertThat(this.readable.time("2026-11-30T14:05:59.123456789Z")).isEqualTo("2026-11-30 14:05 UTC");
		assertThat(this.readable.date("2026-11-30T14:05:59Z")).isEqualTo("30 Nov 2026");
		assertThat(this.readable.ago("2026-11-30T14:05:00Z")).isEqualTo("12 min ago");
		assertThat(this.readable.ago("2026-11-30T14:17:00Z")).isEqualTo("just now");
		assertThat(this.readable.ago("2026-11-30T11:00:00Z")).isEqualTo("3 h ago");
		assertThat(this.readable.ago("2026-11-27T14:00:00Z")).isEqualTo("3 d ago");
		assertThat(this.readable.ago("2026-11-30T14:23:00Z")).isEqualTo("in 5 min");
		assertThat(this.readable.time(null)).isEqualTo("—");
		assertThat(this.readable.ago("not a time")).isEmpty();
	}

	@Test
	void levelsAndStatesReadInWords() {
		assertThat(this.readable.words("MAJOR_OUTAGE")).isEqualTo("Major outage");
		assertThat(this.readable.words("DEGRADED_PERFORMANCE")).isEqualTo("Degraded performance");
		assertThat(this.readable.words("OPERATIONAL")).isEqualTo("Operational");
		assertThat(this.readable.words("SEV1")).isEqualTo("SEV1");
		assertThat(this.readable.words("")).isEqualTo("—");
	}

	@Test
	void moneyKeepsEveryDigitWithItsSymbol() {
		assertThat(this.readable.money("1234.5", "USD")).isEqualTo("$1,234.50");
		assertThat(this.readable.money("0.125", "EUR")).isEqualTo("€0.125");
		assertThat(this.readable.money("1000000", "GBP")).isEqualTo("£1,000,000.00");
		assertThat(this.readable.money("12", "CHF")).isEqualTo("CHF 12.00");
		assertThat(this.readable.money("500", "JPY")).isEqualTo("¥500");
		assertThat(this.readable.money("3.10", "XYZ")).isEqualTo("XYZ 3.10");
		assertThat(this.readable.money(null, "USD")).isEqualTo("—");
	}

	@Test
	void uptimeHasFourDecimalsRoundedDown() {
		assertThat(this.readable.uptime("0.99875")).isEqualTo("99.8750 %");
		assertThat(this.readable.uptime("0.999999")).isEqualTo("99.9999 %");
		assertThat(this.readable.uptime("1")).isEqualTo("100.0000 %");
		assertThat(this.readable.percent("10.5")).isEqualTo("10.5 %");
	}

	@Test
	void eachRoleLandsOnItsOwnPage() {
		assertThat(PageModel.Allowed.of(Set.of("RESPONDER")).landing()).isEqualTo("/incidents");
		assertThat(PageModel.Allowed.of(Set.of("VIEWER")).landing()).isEqualTo("/incidents");
		assertThat(PageModel.Allowed.of(Set.of("CUSTOMER_SUCCESS")).landing()).isEqualTo("/impact");
		assertThat(PageModel.Allowed.of(Set.of("FINANCE")).landing()).isEqualTo("/sla");
		assertThat(PageModel.Allowed.of(Set.of("ADMIN")).landing()).isEqualTo("/signals");
		assertThat(PageModel.Allowed.of(Set.of("MONITOR")).landing()).isEqualTo("/status");
		PageModel.Allowed finance = PageModel.Allowed.of(Set.of("FINANCE"));
		assertThat(finance.respond()).isFalse();
		assertThat(finance.incidents()).isFalse();
		assertThat(finance.credits()).isTrue();
	}

}
