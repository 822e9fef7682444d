package com.nimbus.incidents.history;

import java.math.BigDecimal;
import java.util.List;

import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.events.ActionRecorded;

/**
 * The log of the scenario in {@code us-east-1-2021-12-07.json}, step by step, as the
 * command side records it: {@code occurredAt} per the envelope rules of
 * {@code events.md}, recorded as responders worked (the correction of the console's start
 * and the scaling action recorded late, at 18:00 and 18:05).
 */
final class ScenarioLog {

	static final String CORRECTION_RECORDED_AT = "2021-12-07T18:00:00Z";

	private ScenarioLog() {
	}

	static IncidentLog build() {
		return new IncidentLog()
			.add("2021-12-07T15:48:00Z", "2021-12-07T15:48:30Z",
					new IncidentDeclared("us-east-1: elevated API and console errors", Severity.SEV2,
							"Customers report console and API errors in us-east-1.", DetectionSource.CUSTOMER_REPORT,
							java.time.Instant.parse("2021-12-07T15:41:00Z"),
							List.of("console", "compute-api", "object-storage"), List.of("us-east-1")))
			.add("2021-12-07T15:49:00Z", "2021-12-07T15:49:10Z",
					new ResponderAssigned("dana@nimbus.example", ResponderRole.COMMANDER))
			.add("2021-12-07T15:52:00Z", "2021-12-07T15:52:10Z",
					new ResponderAssigned("li@nimbus.example", ResponderRole.COMMUNICATIONS))
			.add("2021-12-07T15:45:00Z", "2021-12-07T15:55:00Z",
					new ImpactReported("console-use1", "console", "us-east-1", ImpactLevel.MAJOR_OUTAGE, null,
							java.time.Instant.parse("2021-12-07T15:45:00Z"), null, null, null))
			.add("2021-12-07T15:30:00Z", "2021-12-07T15:56:00Z",
					new ImpactReported("compute-use1", "compute-api", "us-east-1", ImpactLevel.PARTIAL_OUTAGE,
							new BigDecimal("0.4"), java.time.Instant.parse("2021-12-07T15:30:00Z"), null,
							new AffectedUsers(20000, 40000), null))
			.add("2021-12-07T15:32:00Z", "2021-12-07T15:57:00Z",
					new ImpactReported("storage-use1", "object-storage", "us-east-1", ImpactLevel.PARTIAL_OUTAGE,
							new BigDecimal("0.3"), java.time.Instant.parse("2021-12-07T15:32:00Z"), null, null, null))
			.add("2021-12-07T16:05:00Z", "2021-12-07T16:05:20Z",
					new SeverityChanged(Severity.SEV2, Severity.SEV1, "Multiple core services in one region"))
			.add("2021-12-07T16:22:00Z", "2021-12-07T16:22:30Z",
					new StatusUpdatePosted(UpdateStatus.INVESTIGATING,
							"We are investigating increased error rates for the management console.", true))
			.add("2021-12-07T16:26:00Z", "2021-12-07T16:26:30Z", new StatusUpdatePosted(UpdateStatus.IDENTIFIED,
					"We are experiencing API and console issues in us-east-1 and have identified the root cause.",
					true))
			.add("2021-12-07T16:40:00Z", "2021-12-07T16:41:00Z",
					new ActionRecorded(ActionKind.INVESTIGATION,
							"Internal network devices between the internal and main networks are congested."))
			.add("2021-12-07T17:28:00Z", "2021-12-07T17:29:00Z",
					new ActionRecorded(ActionKind.MITIGATION, "Moved internal DNS traffic off the congested paths."))
			.add(CORRECTION_RECORDED_AT, CORRECTION_RECORDED_AT,
					new ImpactCorrected("console-use1", java.time.Instant.parse("2021-12-07T15:30:00Z"), null, null,
							null, "Access logs show console errors from 15:30."))
			.add("2021-12-07T15:30:00Z", "2021-12-07T18:05:00Z",
					new ActionRecorded(ActionKind.OTHER,
							"Automated capacity scaling started the connection surge (recorded after the fact)."))
			.add("2021-12-07T21:34:00Z", "2021-12-07T21:34:30Z",
					new StatusUpdatePosted(UpdateStatus.MONITORING, "Network congestion has significantly improved.",
							true))
			.add("2021-12-07T21:34:00Z", "2021-12-07T21:35:00Z",
					new ImpactEnded("storage-use1", java.time.Instant.parse("2021-12-07T21:34:00Z")))
			.add("2021-12-07T22:22:00Z", "2021-12-07T22:23:00Z",
					new ImpactEnded("console-use1", java.time.Instant.parse("2021-12-07T22:22:00Z")))
			.add("2021-12-08T00:28:00Z", "2021-12-08T00:29:00Z",
					new ImpactEnded("compute-use1", java.time.Instant.parse("2021-12-08T00:28:00Z")))
			.add("2021-12-08T00:44:00Z", "2021-12-08T00:44:30Z",
					new IncidentResolved("All services operating normally."))
			.add("2021-12-10T12:00:00Z", "2021-12-10T12:00:00Z", new PostmortemPublished(
					"An automated capacity-scaling activity caused a surge of connections that congested the devices between the internal and main networks.",
					"Automated scaling of an internal service.",
					"DNS traffic moved off congested paths; congestion resolved after the surge subsided.",
					"Customers reported errors before internal monitoring, which was itself impaired.",
					List.of("Status tooling must not depend on the region it reports on."),
					List.of(new ActionItem("Fail the status page over to a second region automatically.",
							"li@nimbus.example"))));
	}

}
