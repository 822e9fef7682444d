package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.IncidentStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentProjectionTest {

	private static final String ID = "INC-PROJECTION01";

	private final List<EventEnvelope> log = TestLog.incident(ID);

	private static List<Delivered> delivered(List<EventEnvelope> envelopes) {
		return envelopes.stream()
			.map((envelope) -> new Delivered(envelope, "{\"sequence\":" + envelope.sequence() + "}"))
			.toList();
	}

	@Test
	void eventsInOrderAreAllAppliedWithTheirTimelineEntries() {
		IncidentProjection.Outcome outcome = IncidentProjection.project(ProjectedIncident.initial(ID),
				delivered(this.log));

		assertThat(outcome.incident().version()).isEqualTo(7);
		assertThat(outcome.incident().state()).isEqualTo(IncidentFold.fold(ID, this.log));
		assertThat(outcome.incident().state().status()).isEqualTo(IncidentStatus.RESOLVED);
		assertThat(outcome.applied()).extracting((entry) -> entry.envelope().sequence())
			.containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
		assertThat(outcome.applied().get(2).summary()).isEqualTo("Severity SEV2 -> SEV1: worse");
		assertThat(outcome.applied().get(1).summary()).isEqualTo(
				"Impact console-use1 on console in us-east-1: MAJOR_OUTAGE, error rate 62% from 2021-12-07T15:45:00Z");
		assertThat(outcome.applied().get(0).json()).isEqualTo("{\"sequence\":0}");
		assertThat(outcome.duplicates()).isZero();
	}

	@Test
	void anEventDeliveredAgainChangesNothing() {
		ProjectedIncident projected = IncidentProjection
			.project(ProjectedIncident.initial(ID), delivered(this.log.subList(0, 4)))
			.incident();

		IncidentProjection.Outcome again = IncidentProjection.project(projected, delivered(this.log.subList(1, 3)));

		assertThat(again.applied()).isEmpty();
		assertThat(again.changed()).isFalse();
		assertThat(again.duplicates()).isEqualTo(2);
		assertThat(again.incident()).isEqualTo(projected);
	}

	@Test
	void anEventAheadOfAGapWaitsUntilTheGapIsFilled() {
		IncidentProjection.Outcome first = IncidentProjection.project(ProjectedIncident.initial(ID),
				delivered(List.of(this.log.get(0), this.log.get(2), this.log.get(3))));
		assertThat(first.incident().version()).isZero();
		assertThat(first.incident().parked()).extracting(Delivered::sequence).containsExactly(2L, 3L);
		assertThat(first.changed()).isTrue();

		IncidentProjection.Outcome second = IncidentProjection.project(first.incident(),
				delivered(List.of(this.log.get(3), this.log.get(1))));
		assertThat(second.incident().version()).isEqualTo(3);
		assertThat(second.incident().parked()).isEmpty();
		assertThat(second.applied()).extracting((entry) -> entry.envelope().sequence()).containsExactly(1L, 2L, 3L);
		assertThat(second.duplicates()).isEqualTo(1);
	}

	@Test
	void anyDeliveryOrderWithRepeatsEndsInTheSameProjection() {
		IncidentState expected = IncidentFold.fold(ID, this.log);
		Random random = new Random(42);
		for (int round = 0; round < 200; round++) {
			List<EventEnvelope> shuffled = new ArrayList<>(this.log);
			shuffled.addAll(this.log.subList(0, random.nextInt(this.log.size())));
			Collections.shuffle(shuffled, random);
			ProjectedIncident projected = ProjectedIncident.initial(ID);
			List<Long> applied = new ArrayList<>();
			for (int from = 0; from < shuffled.size();) {
				int to = Math.min(shuffled.size(), from + 1 + random.nextInt(4));
				IncidentProjection.Outcome outcome = IncidentProjection.project(projected,
						delivered(shuffled.subList(from, to)));
				outcome.applied().forEach((entry) -> applied.add(entry.envelope().sequence()));
				projected = outcome.incident();
				from = to;
			}
			assertThat(projected.state()).as("round %d: %s", round, shuffled).isEqualTo(expected);
			assertThat(projected.parked()).isEmpty();
			assertThat(applied).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
		}
	}

}
