package com.nimbus.incidents.projector.health;

import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.projector.gap.GapMonitor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of the projector's own: its thread is alive; no gap in an incident's sequence
 * has stayed open past {@code projector.gap-alert-after}. The read-model store's ping and
 * Kafka (DEGRADED when away: the projection waits for it) come from service-support,
 * named in {@code service-support.health}.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean("projectorThread")
	ProjectorThreadHealthIndicator projectorThreadHealth(ProjectorLoop loop) {
		return new ProjectorThreadHealthIndicator(loop);
	}

	@Bean("projectionGaps")
	GapHealthIndicator gapHealth(GapMonitor monitor) {
		return new GapHealthIndicator(monitor);
	}

}
