package com.nimbus.incidents.projector.timeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;

/**
 * A small but complete incident log for projection tests.
 */
public final class TestLog {

	private TestLog() {
	}

	public static List<EventEnvelope> incident(String incidentId) {
		List<EventEnvelope> log = new ArrayList<>();
		add(log, incidentId, "2021-12-07T15:48:00Z",
				new IncidentDeclared("us-east-1 errors", Severity.SEV2, "summary", DetectionSource.CUSTOMER_REPORT,
						Instant.parse("2021-12-07T15:41:00Z"), List.of("console"), List.of("us-east-1")));
		add(log, incidentId, "2021-12-07T15:45:00Z",
				new ImpactReported("console-use1", "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE,
						new BigDecimal("0.62"), Instant.parse("2021-12-07T15:45:00Z"), null, null, null));
		add(log, incidentId, "2021-12-07T16:05:00Z", new SeverityChanged(Severity.SEV2, Severity.SEV1, "worse"));
		add(log, incidentId, "2021-12-07T16:22:00Z",
				new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "Investigating", true));
		add(log, incidentId, "2021-12-07T17:28:00Z", new ActionRecorded(ActionKind.MITIGATION, "Moved DNS"));
		add(log, incidentId, "2021-12-07T18:00:00Z", new ImpactCorrected("console-use1",
				Instant.parse("2021-12-07T15:30:00Z"), null, null, null, "Access logs"));
		add(log, incidentId, "2021-12-07T22:22:00Z",
				new ImpactEnded("console-use1", Instant.parse("2021-12-07T22:22:00Z")));
		add(log, incidentId, "2021-12-08T00:44:00Z", new IncidentResolved("All services operating normally."));
		return log;
	}

	private static void add(List<EventEnvelope> log, String incidentId, String occurredAt, IncidentEvent event) {
		Instant occurred = Instant.parse(occurredAt);
		log.add(EventEnvelope.of(incidentId + "-event-" + log.size(), incidentId, log.size(), occurred,
				Instant.parse("2021-12-08T01:00:00Z").plusSeconds(log.size()), "dana@nimbus.example", event));
	}

}
