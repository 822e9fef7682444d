package com.nimbus.incidents.projector.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.projector.gap.Gap;
import com.nimbus.incidents.projector.gap.GapMonitor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class GapHealthIndicatorTest {

	private static final Instant SINCE = Instant.parse("2026-11-30T07:58:00Z");

	private final GapMonitor monitor = mock(GapMonitor.class);

	private final GapHealthIndicator indicator = new GapHealthIndicator(this.monitor);

	@Test
	void aGapOpenLongerThanTheAlertTimeIsOutOfServiceNamingTheIncidentAndTheMissingSequence() {
		Gap old = new Gap("incident", "INC-7", 4, 3, SINCE, Duration.ofSeconds(120));
		Gap fresh = new Gap("incident", "INC-8", 1, 1, SINCE.plusSeconds(115), Duration.ofSeconds(5));
		when(this.monitor.gaps()).thenReturn(List.of(old, fresh));
		when(this.monitor.overdue(any())).thenAnswer((call) -> call.getArgument(0) == old);
		when(this.monitor.alertAfter()).thenReturn(Duration.ofSeconds(60));

		Health health = this.indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("waiting", 2)
			.containsEntry("overdue", 1)
			.containsEntry("alertAfter", "PT1M");
		assertThat(health.getDetails().get("gaps"))
			.isEqualTo(List.of(Map.of("stream", "incident", "incidentId", "INC-7", "missingSequence", 4L,
					"eventsWaiting", 3, "waitingSince", "2026-11-30T07:58:00Z", "ageSeconds", 120L)));
	}

	@Test
	void gapsYoungerThanTheAlertTimeAreUp() {
		when(this.monitor.gaps()).thenReturn(List.of(new Gap("contract", "acme", 1, 1, SINCE, Duration.ofSeconds(59))));
		when(this.monitor.overdue(any())).thenReturn(false);
		when(this.monitor.alertAfter()).thenReturn(Duration.ofSeconds(60));

		Health health = this.indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("waiting", 1).doesNotContainKey("gaps");
	}

}
