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

	@Test
	void givenTheApisFieldErrorsThenAListsItemsAreTheListFields() {
		assertThat(Forms.byField(Map.of("services[0]", "unknown a"))).isEqualTo(Map.of("services", "unknown a"));
		Map<String, String> two = new LinkedHashMap<>();
		two.put("services[0]", "unknown a");
		two.put("services[3]", "unknown b");
		two.put("title", "must not be blank");
		assertThat(Forms.byField(two)).containsExactly(Map.entry("services", "unknown a; unknown b"),
				Map.entry("title", "must not be blank"));
	}

	@Test
	void givenNamesTypedOrCheckedThenTheyAreStrippedInOrderEachOnce() {
		assertThat(Forms.names(List.of("api, object-storage", " api", "", "dns"), ",")).containsExactly("api",
				"object-storage", "dns");
		assertThat(Forms.names(List.of("eu-west-1\r\nus-east-1,\n\nap-south-1"), "[,\\r\\n]+"))
			.containsExactly("eu-west-1", "us-east-1", "ap-south-1");
		assertThat(Forms.names(null, ",")).isEmpty();
	}

}
