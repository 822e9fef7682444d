package com.nimbus.incidents.command.signal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SignalStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The routing rules: the default file, matching in order, and a file that does not read
 * named for what is wrong.
 */
class SignalRoutesTest {

	private static SignalRoutes read(String yaml) {
		return SignalRoutes.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
	}

	private static Signal signal(ImpactLevel level, String service, Map<String, String> labels) {
		return new Signal("am", "fp", SignalStatus.FIRING, service, "us-east-1", level, null,
				Instant.parse("2021-12-07T15:30:00Z"), null, "errors", "errors", labels, List.of(),
				Instant.parse("2021-12-07T15:30:05Z"));
	}

	@Test
	void theDefaultRoutesDeclareASev2ForAMajorOutageAndLeaveTheRestForTriage() throws Exception {
		SignalRoutes routes = SignalRoutes.read(getClass().getResourceAsStream("/signal-routes.yml"), "default");
		assertThat(routes.flapWindow()).isEqualTo(Duration.ofMinutes(5));
		SignalRoutes.Route major = routes.route(signal(ImpactLevel.MAJOR_OUTAGE, "s3", Map.of())).orElseThrow();
		assertThat(major.action()).isEqualTo(SignalRoutes.Action.DECLARE);
		assertThat(major.severity()).isEqualTo(Severity.SEV2);
		assertThat(routes.route(signal(ImpactLevel.PARTIAL_OUTAGE, "s3", Map.of())).orElseThrow().action())
			.isEqualTo(SignalRoutes.Action.TRIAGE);
	}

	@Test
	void theFirstMatchingRouteDecidesAndEveryConditionMustHold() {
		SignalRoutes routes = read("""
				flapWindow: PT2M
				routes:
				  - name: storage-team
				    match: {services: [s3], labels: {team: storage}, minLevel: PARTIAL_OUTAGE}
				    action: declare
				    severity: SEV1
				    flapWindow: PT10M
				  - name: rest
				    action: triage
				""");
		Signal storage = signal(ImpactLevel.PARTIAL_OUTAGE, "s3", Map.of("team", "storage"));
		assertThat(routes.route(storage).orElseThrow().name()).isEqualTo("storage-team");
		assertThat(routes.flapWindow(storage)).isEqualTo(Duration.ofMinutes(10));
		Signal degraded = signal(ImpactLevel.DEGRADED_PERFORMANCE, "s3", Map.of("team", "storage"));
		assertThat(routes.route(degraded).orElseThrow().name()).isEqualTo("rest");
		assertThat(routes.flapWindow(degraded)).isEqualTo(Duration.ofMinutes(2));
		assertThat(routes.route(signal(ImpactLevel.MAJOR_OUTAGE, "s3", Map.of("team", "network"))).orElseThrow().name())
			.isEqualTo("rest");
		assertThat(read("routes: []").route(storage)).isEmpty();
	}

	@Test
	void aFileThatDoesNotReadIsRefusedNamingWhatIsWrong() {
		assertThatThrownBy(() -> read("routes:\n  - action: declare\n")).hasMessageContaining("routes[0]")
			.hasMessageContaining("severity");
		assertThatThrownBy(() -> read("routes:\n  - action: escalate\n")).hasMessageContaining("routes[0].action");
		assertThatThrownBy(() -> read("routes:\n  - action: triage\n    matc: {}\n"))
			.hasMessageContaining("unknown field 'matc'");
		assertThatThrownBy(() -> read("flapWindow: five minutes\nroutes: []\n")).hasMessageContaining("flapWindow");
		assertThatThrownBy(() -> read("routes: {a: 1}\n")).hasMessageContaining("routes must be a list");
		assertThatThrownBy(() -> read("[unclosed")).hasMessageContaining("not YAML");
	}

}
