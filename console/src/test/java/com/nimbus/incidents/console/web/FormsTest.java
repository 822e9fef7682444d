package com.nimbus.incidents.console.web;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormsTest {

	@Test
	void givenAPickedTimeWhenSentThenItIsUtc() {
		assertThat(Forms.time("2021-12-07T16:00")).isEqualTo("2021-12-07T16:00:00Z");
		assertThat(Forms.time(" 2021-12-07T16:00:30 ")).isEqualTo("2021-12-07T16:00:30Z");
	}

	@Test
	void givenAnEmptyOrUnreadableTimeThenItIsLeftOutOrSentAsTypedForTheApiToName() {
		assertThat(Forms.time("")).isNull();
		assertThat(Forms.time(null)).isNull();
		assertThat(Forms.time("yesterday")).isEqualTo("yesterday");
	}

	@Test
	void givenANumberWhenSentThenItIsAnExactDecimalOrTheTextAsTyped() {
		assertThat(Forms.number("0.25")).isEqualTo(new BigDecimal("0.25"));
		assertThat(Forms.number("1e-1")).isEqualTo(new BigDecimal("0.1"));
		assertThat(Forms.number("a lot")).isEqualTo("a lot");
		assertThat(Forms.number(" ")).isNull();
	}

	@Test
	void givenAnInstantWhenShownInAPickerThenItIsLocalUtcMinutes() {
		assertThat(Forms.local("2021-12-07T16:00:00Z")).isEqualTo("2021-12-07T16:00");
		assertThat(Forms.local(null)).isEmpty();
	}

	@Test
	void givenFieldsWhenABodyIsBuiltThenEmptyOnesAreLeftOutInOrder() {
		Map<String, Object> body = Forms.body("kind", "ROLLBACK", "description", null, "occurredAt",
				"2021-12-07T16:00:00Z");
		assertThat(body)
			.isEqualTo(new LinkedHashMap<>(Map.of("kind", "ROLLBACK", "occurredAt", "2021-12-07T16:00:00Z")));
		assertThat(List.copyOf(body.keySet())).isEqualTo(Arrays.asList("kind", "occurredAt"));
	}

}
