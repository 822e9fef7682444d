package com.nimbus.incidents.query.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one incident looks like on the public page, from its fold alone.
 */
class PublicIncidentTest {

	private static final IncidentEvent IMPACT = new ImpactReported("i", "console", "eu-west-1",
			ImpactLevel.MAJOR_OUTAGE, BigDecimal.ONE, Instant.parse("2026-11-30T06:55:00Z"), null, null,
			List.of("SECRET-customer"));

	private static IncidentState fold(IncidentEvent... payloads) {
		List<EventEnvelope> log = new ArrayList<>();
		for (IncidentEvent payload : payloads) {
			Instant at = Instant.parse("2026-11-30T07:00:00Z").plusSeconds(log.size());
			log.add(EventEnvelope.of("e" + log.size(), "INC-SECRET", log.size(), at, at, "dana@nimbus.example",
					payload));
		}
		return IncidentFold.fold("INC-SECRET", log);
	}

	private static IncidentEvent declared(String publicTitle) {
		return new IncidentDeclared("SECRET-internal-title", Severity.SEV2, null, DetectionSource.MONITORING, null,
				List.of("console"), List.of("eu-west-1"), publicTitle);
	}

	@Test
	void nothingPublishedReadsAsTheGenericTextAndNoUpdate() {
		IncidentState state = fold(declared(null), IMPACT,
				new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "SECRET-internal-update", false));

		PublicIncident shown = PublicIncident.of(state, state.impacts().get(0));

		assertThat(shown).isEqualTo(new PublicIncident("We are investigating reports of degraded service",
				ImpactLevel.MAJOR_OUTAGE, Instant.parse("2026-11-30T06:55:00Z"), null, null, null));
	}

	@Test
	void aTitlePublishedOnDeclarationIsShownWithTheLatestPublicUpdate() {
		IncidentState state = fold(declared("Console errors"), IMPACT,
				new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "Looking into it", true),
				new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "SECRET-internal-update", false));

		PublicIncident shown = PublicIncident.of(state, state.impacts().get(0));

		assertThat(shown.title()).isEqualTo("Console errors");
		assertThat(shown.latestMessage()).isEqualTo("Looking into it");
		assertThat(shown.latestStatus()).isEqualTo(UpdateStatus.INVESTIGATING);
		assertThat(shown.toString()).doesNotContain("SECRET");
	}

}
