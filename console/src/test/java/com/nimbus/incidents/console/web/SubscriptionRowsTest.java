package com.nimbus.incidents.console.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionRowsTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theStateIsDisabledThenPausedThenFailingElseActive() {
		assertThat(
				SubscriptionRows.state(this.json.readTree("{\"paused\":true,\"disabledAt\":\"2026-11-30T10:00:00Z\"}")))
			.isEqualTo("disabled");
		assertThat(SubscriptionRows.state(this.json.readTree("{\"disabled\":true}"))).isEqualTo("disabled");
		assertThat(SubscriptionRows.state(this.json.readTree("{\"paused\":true,\"failing\":\"2026-11-30T10:00:00Z\"}")))
			.isEqualTo("paused");
		assertThat(SubscriptionRows.state(this.json.readTree("{\"paused\":false,\"failing\":true}")))
			.isEqualTo("failing");
		assertThat(SubscriptionRows.state(this.json.readTree("{\"paused\":false,\"failing\":null}")))
			.isEqualTo("active");
	}

	@Test
	void theFilterReadsInWords() {
		assertThat(SubscriptionRows.filter(this.json.readTree("{\"services\":[],\"publicOnly\":false}")))
			.isEqualTo("everything");
		assertThat(SubscriptionRows.filter(this.json.readTree(
				"{\"services\":[\"dns\"],\"regions\":[\"eu-west-1\",\"us-east-1\"],\"incidentId\":\"INC-1\",\"publicOnly\":true}")))
			.isEqualTo("services: dns; regions: eu-west-1, us-east-1; incident INC-1; public changes only");
	}

	@Test
	void theFormSendsOnlyWhatIsGiven() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("channel", "EMAIL");
		form.put("target", " oncall@example.com ");
		form.put("name", "");
		form.put("services", " , ");
		form.put("minSeverity", "");

		assertThat(SubscriptionForm.body(form))
			.isEqualTo(Map.of("channel", "EMAIL", "target", "oncall@example.com", "filter", Map.of()));
		assertThat(SubscriptionForm.list(" a, b,,c ")).isEqualTo(List.of("a", "b", "c"));
	}

}
