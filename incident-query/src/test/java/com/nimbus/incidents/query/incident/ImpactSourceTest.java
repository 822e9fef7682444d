package com.nimbus.incidents.query.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.query.incident.Responses.Impact;
import com.nimbus.incidents.query.incident.Responses.IncidentSummary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.TestingAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A window monitoring opened says so in every answer that shows it: the summary's windows
 * carry {@code source}, for readers who see customers and for those who do not, and the
 * redacted event log keeps the window's source and fingerprint.
 */
class ImpactSourceTest {

	private static final Instant DECLARED = Instant.parse("2026-11-30T10:00:00Z");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final List<EventEnvelope> LOG = List.of(
			envelope(0,
					new IncidentDeclared("object-storage errors", Severity.SEV2, null, DetectionSource.MONITORING,
							DECLARED, List.of("object-storage"), List.of("us-east-1"), null)),
			envelope(1, new ImpactReported("IMP-M", "object-storage", "us-east-1", ImpactLevel.MAJOR_OUTAGE,
					new BigDecimal("0.62"), DECLARED, null, null, null, ImpactSource.MONITOR, "a1b2c3d4e5f60718")),
			envelope(2, new ImpactReported("IMP-R", "ec2-api", "us-east-1", ImpactLevel.PARTIAL_OUTAGE, null, DECLARED,
					null, new AffectedUsers(10, 20), List.of("acme"))));

	private static EventEnvelope envelope(long sequence, IncidentEvent payload) {
		return EventEnvelope.of("e-" + sequence, "INC-SOURCE", sequence, DECLARED, DECLARED, "someone", payload);
	}

	@Test
	void theSummaryNamesWhoReportedEachWindow() {
		IncidentSummary summary = IncidentSummary.of(IncidentFold.fold("INC-SOURCE", LOG));

		assertThat(summary.openImpacts()).extracting(Impact::impactId, Impact::source)
			.containsExactly(tuple("IMP-M", ImpactSource.MONITOR), tuple("IMP-R", ImpactSource.RESPONDER));
		JsonNode written = json.readTree(json.writeValueAsString(summary));
		assertThat(written.at("/openImpacts/0/source").asString()).isEqualTo("MONITOR");
		assertThat(written.at("/openImpacts/1/source").asString()).isEqualTo("RESPONDER");
	}

	@Test
	void aViewerSeesTheSourceButNotTheCustomers() {
		IncidentSummary summary = IncidentSummary.of(IncidentFold.fold("INC-SOURCE", LOG));
		Redaction redaction = new Redaction(json);

		IncidentSummary seen = redaction.summary(summary, new TestingAuthenticationToken("v", null, "ROLE_VIEWER"));

		assertThat(seen.openImpacts()).extracting(Impact::source)
			.containsExactly(ImpactSource.MONITOR, ImpactSource.RESPONDER);
		assertThat(seen.openImpacts().get(1).affectedCustomerIds()).isNull();
		assertThat(seen.openImpacts().get(1).estimatedAffectedUsers()).isNull();
	}

	@Test
	void theRedactedLogKeepsTheSourceAndFingerprint() {
		List<EventEnvelope> seen = new Redaction(json).events(LOG,
				new TestingAuthenticationToken("v", null, "ROLE_VIEWER"));

		ImpactReported monitored = (ImpactReported) seen.get(1).payload();
		assertThat(monitored.source()).isEqualTo(ImpactSource.MONITOR);
		assertThat(monitored.fingerprint()).isEqualTo("a1b2c3d4e5f60718");
		ImpactReported reported = (ImpactReported) seen.get(2).payload();
		assertThat(reported.source()).isEqualTo(ImpactSource.RESPONDER);
		assertThat(reported.affectedCustomerIds()).isNull();
	}

}
