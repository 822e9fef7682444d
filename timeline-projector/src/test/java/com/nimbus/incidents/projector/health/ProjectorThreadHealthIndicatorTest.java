package com.nimbus.incidents.projector.health;

import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ProjectorThreadHealthIndicatorTest {

	private final ProjectorLoop loop = mock(ProjectorLoop.class);

	private final ProjectorThreadHealthIndicator indicator = new ProjectorThreadHealthIndicator(this.loop);

	@Test
	void aLiveThreadIsUp() {
		when(this.loop.isRunning()).thenReturn(true);
		when(this.loop.workerAlive()).thenReturn(true);

		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aThreadThatDiedWhileTheLifecycleRunsIsDownWithItsError() {
		when(this.loop.isRunning()).thenReturn(true);
		when(this.loop.workerAlive()).thenReturn(false);
		when(this.loop.failure()).thenReturn(new NoClassDefFoundError("com/example/Gone"));

		Health health = this.indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("thread", "projector-loop")
			.containsEntry("alive", false)
			.containsEntry("error", "java.lang.NoClassDefFoundError: com/example/Gone");
	}

	@Test
	void aStoppedLifecycleIsNotReportedDown() {
		when(this.loop.isRunning()).thenReturn(false);
		when(this.loop.workerAlive()).thenReturn(false);

		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

}
