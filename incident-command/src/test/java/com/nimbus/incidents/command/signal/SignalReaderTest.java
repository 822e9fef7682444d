package com.nimbus.incidents.command.signal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.command.incident.InvalidCommandInput;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.SignalStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How Alertmanager's labels and annotations become a signal (signals.md), and what is
 * refused.
 */
class SignalReaderTest {

	private static final Instant NOW = Instant.parse("2021-12-07T16:00:00Z");

	private static AlertmanagerWebhook body(AlertmanagerWebhook.Alert... alerts) {
		return new AlertmanagerWebhook("4", "{}:{}", 0, "firing", "nimbus", Map.of(), Map.of(), Map.of(),
				"http://am:9093", List.of(alerts));
	}

	private static AlertmanagerWebhook.Alert alert(String status, Map<String, String> labels,
			Map<String, String> annotations, String startsAt, String endsAt) {
		return new AlertmanagerWebhook.Alert(status, labels, annotations, startsAt, endsAt, "http://prom", "fp1");
	}

	@Test
	void labelsGiveTheComponentLevelErrorRateAndCustomers() {
		Signal signal = SignalReader
			.alertmanager(body(alert("firing",
					Map.of("job", "object-storage", "cluster", "us-east-1", "severity", "critical", "customer_ids",
							"acme, globex,"),
					Map.of("error_rate", "0.62", "summary", "S3 errors"), "2021-12-07T15:31:00.123+00:00",
					"0001-01-01T00:00:00Z")), "am", NOW)
			.get(0);
		assertThat(signal.service()).isEqualTo("object-storage");
		assertThat(signal.region()).isEqualTo("us-east-1");
		assertThat(signal.level()).isEqualTo(ImpactLevel.MAJOR_OUTAGE);
		assertThat(signal.errorRate()).isEqualByComparingTo(new BigDecimal("0.62"));
		assertThat(signal.customerIds()).containsExactly("acme", "globex");
		assertThat(signal.startsAt()).isEqualTo(Instant.parse("2021-12-07T15:31:00.123Z"));
		assertThat(signal.endsAt()).isNull();
		assertThat(signal.title()).isEqualTo("S3 errors");
		assertThat(signal.key()).isEqualTo("am:fp1");
		assertThat(signal.receivedAt()).isEqualTo(NOW);
	}

	@Test
	void severityMapsToALevelAndALevelLabelOverridesIt() {
		assertThat(SignalReader.severity("critical")).isEqualTo(ImpactLevel.MAJOR_OUTAGE);
		assertThat(SignalReader.severity("warning")).isEqualTo(ImpactLevel.PARTIAL_OUTAGE);
		assertThat(SignalReader.severity("error")).isEqualTo(ImpactLevel.PARTIAL_OUTAGE);
		assertThat(SignalReader.severity("info")).isEqualTo(ImpactLevel.DEGRADED_PERFORMANCE);
		assertThat(SignalReader.severity(null)).isEqualTo(ImpactLevel.DEGRADED_PERFORMANCE);
		Signal overridden = SignalReader
			.alertmanager(body(alert("firing",
					Map.of("service", "s3", "zone", "use1-az1", "severity", "critical", "level",
							"DEGRADED_PERFORMANCE"),
					Map.of(), "2021-12-07T15:31:00Z", null)), "am", NOW)
			.get(0);
		assertThat(overridden.level()).isEqualTo(ImpactLevel.DEGRADED_PERFORMANCE);
		assertThat(overridden.region()).isEqualTo("use1-az1");
		assertThat(overridden.title()).isEqualTo("s3 in use1-az1");
	}

	@Test
	void aResolvedAlertEndsAtItsEndOrWhenItArrivedAndNeverBeforeItStarted() {
		Map<String, String> labels = Map.of("service", "s3", "region", "us-east-1");
		Signal resolved = SignalReader
			.alertmanager(body(alert("resolved", labels, Map.of(), "2021-12-07T15:31:00Z", "2021-12-07T15:50:00Z")),
					"am", NOW)
			.get(0);
		assertThat(resolved.status()).isEqualTo(SignalStatus.RESOLVED);
		assertThat(resolved.endsAt()).isEqualTo(Instant.parse("2021-12-07T15:50:00Z"));
		assertThat(SignalReader
			.alertmanager(body(alert("resolved", labels, Map.of(), "2021-12-07T15:31:00Z", null)), "am", NOW)
			.get(0)
			.endsAt()).isEqualTo(NOW);
		assertThatThrownBy(() -> SignalReader.alertmanager(
				body(alert("resolved", labels, Map.of(), "2021-12-07T15:31:00Z", "2021-12-07T15:00:00Z")), "am", NOW))
			.isInstanceOf(InvalidCommandInput.class)
			.extracting((ex) -> ((InvalidCommandInput) ex).field())
			.isEqualTo("alerts[0].endsAt");
	}

	@Test
	void wrongValuesAreRefusedNamingTheField() {
		Map<String, String> labels = Map.of("service", "s3", "region", "us-east-1");
		assertField(() -> SignalReader
			.alertmanager(body(alert("pending", labels, Map.of(), "2021-12-07T15:31:00Z", null)), "am", NOW),
				"alerts[0].status");
		assertField(() -> SignalReader.alertmanager(
				body(alert("firing", labels, Map.of("error_rate", "1.5"), "2021-12-07T15:31:00Z", null)), "am", NOW),
				"alerts[0].labels.error_rate");
		assertField(
				() -> SignalReader.alertmanager(body(alert("firing", labels, Map.of(), "yesterday", null)), "am", NOW),
				"alerts[0].startsAt");
		assertField(() -> SignalReader
			.alertmanager(body(alert("firing", labels, Map.of(), "2021-12-07T16:11:00Z", null)), "am", NOW),
				"alerts[0].startsAt");
		assertField(() -> SignalReader
			.alertmanager(body(alert("firing", labels, Map.of(), "1999-12-31T23:00:00Z", null)), "am", NOW),
				"alerts[0].startsAt");
		assertField(() -> SignalReader.alertmanager(
				new AlertmanagerWebhook("4", null, null, null, null, null, null, null, null, List.of()), "am", NOW),
				"alerts");
		assertThatThrownBy(() -> SignalReader.alertmanager(
				body(alert("firing", Map.of("service", "s3"), Map.of(), "2021-12-07T15:31:00Z", null)), "am", NOW))
			.isInstanceOf(UnplaceableSignal.class)
			.hasMessageContaining("names no region");
		assertField(() -> SignalReader.generic(List.of(new SignalInput("bad source!", "fp", "firing", "s", "r", null,
				null, "2021-12-07T15:31:00Z", null, null, null, null)), "am", NOW), "source");
		assertField(() -> SignalReader.generic(List.of(new SignalInput(null, "fp with spaces", "firing", "s", "r", null,
				null, "2021-12-07T15:31:00Z", null, null, null, null)), "am", NOW), "fingerprint");
	}

	private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
		assertThatThrownBy(call).isInstanceOf(InvalidCommandInput.class)
			.extracting((ex) -> ((InvalidCommandInput) ex).field())
			.isEqualTo(field);
	}

}
