package com.nimbus.incidents.projector.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.projector.gap.Gap;
import com.nimbus.incidents.projector.gap.GapMonitor;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * OUT_OF_SERVICE while a gap in an incident's (or a customer's) sequence has been open
 * longer than {@code projector.gap-alert-after}: the read models of that incident hold
 * back everything after the gap, and someone must find the missing event (a dead letter,
 * a relay that stopped). The details name each such incident and the sequence it waits
 * for, oldest first. Not DOWN: the projector itself works, and restarting it fills no
 * gap, so this check belongs in readiness and alerting, not in a liveness probe.
 */
class GapHealthIndicator implements HealthIndicator {

	private static final int SHOWN = 10;

	private final GapMonitor monitor;

	GapHealthIndicator(GapMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public Health health() {
		List<Gap> gaps = this.monitor.gaps();
		List<Gap> overdue = gaps.stream().filter(this.monitor::overdue).toList();
		Health.Builder health = overdue.isEmpty() ? Health.up() : Health.status(Status.OUT_OF_SERVICE);
		health.withDetail("waiting", gaps.size()).withDetail("alertAfter", this.monitor.alertAfter().toString());
		if (!overdue.isEmpty()) {
			health.withDetail("overdue", overdue.size())
				.withDetail("gaps", overdue.stream().limit(SHOWN).map(GapHealthIndicator::describe).toList());
		}
		return health.build();
	}

	private static Map<String, Object> describe(Gap gap) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("stream", gap.stream());
		described.put(gap.stream().equals("contract") ? "customerId" : "incidentId", gap.aggregateId());
		described.put("missingSequence", gap.missing());
		described.put("eventsWaiting", gap.waiting());
		described.put("waitingSince", gap.since().toString());
		described.put("ageSeconds", gap.age().toSeconds());
		return described;
	}

}
