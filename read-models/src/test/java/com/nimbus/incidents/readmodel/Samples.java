package com.nimbus.incidents.readmodel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentReopened;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderReleased;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.history.PublicUpdate;
import com.nimbus.incidents.history.ResponderState;
import com.nimbus.incidents.history.Stamp;

/**
 * Representative values with every field set, for the stored-shape tests.
 */
public final class Samples {

	private Samples() {
	}

	private static Instant at(String time) {
		return Instant.parse("2026-11-30T" + time + "Z");
	}

	public static IncidentState state() {
		return new IncidentState("INC-7", 12, "Checkout errors for ACME", "Checkout errors", "5xx on checkout",
				Severity.SEV1, new Stamp(at("06:50:00"), 3), IncidentStatus.RESOLVED, new Stamp(at("09:15:00"), 11),
				DetectionSource.MONITORING, at("06:40:00"), at("06:45:00"), at("09:15:00"), "Rolled back",
				List.of("checkout", "payments"), List.of("eu-west-1"),
				List.of(new ResponderState("dana@nimbus.example", ResponderRole.COMMANDER, true,
						new Stamp(at("06:46:00"), 1))),
				List.of(new ImpactWindow("checkout-euw1", "checkout", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE,
						new BigDecimal("0.250"), at("06:41:00"), at("09:10:00"), new AffectedUsers(1200, 3400),
						List.of("ACME", "GLOBEX"), true, 2, ImpactSource.MONITOR)),
				at("07:00:00"), at("07:30:00"),
				new PublicUpdate(UpdateStatus.MONITORING, "A fix is in place", at("08:30:00"), 9), true,
				at("09:20:00.123"), at("06:39:30"));
	}

	/**
	 * One payload of every incident event type, every field set.
	 */
	public static List<IncidentEvent> payloads() {
		return List.of(
				new IncidentDeclared("Checkout errors for ACME", Severity.SEV2, "5xx on checkout",
						DetectionSource.MONITORING, at("06:40:00"), List.of("checkout", "payments"),
						List.of("eu-west-1"), "Checkout errors"),
				new ResponderAssigned("dana@nimbus.example", ResponderRole.COMMANDER),
				new ResponderReleased("sam@nimbus.example", ResponderRole.SCRIBE),
				new ActionRecorded(ActionKind.ROLLBACK, "Rolled back 4.2", List.of("checkout-euw1")),
				new SeverityChanged(Severity.SEV2, Severity.SEV1, "Payments fail too"),
				new StatusUpdatePosted(UpdateStatus.MONITORING, "A fix is in place", true, "Checkout errors"),
				new ImpactReported("checkout-euw1", "checkout", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE,
						new BigDecimal("0.250"), at("06:41:00"), at("09:10:00"), new AffectedUsers(1200, 3400),
						List.of("ACME", "GLOBEX"), ImpactSource.MONITOR, "fp-42"),
				new ImpactEnded("checkout-euw1", at("09:10:00")),
				new ImpactCorrected("checkout-euw1", at("06:38:00"), at("09:12:00"), ImpactLevel.MAJOR_OUTAGE,
						new BigDecimal("1"), "Load balancer logs", true),
				new IncidentResolved("Rolled back"), new IncidentReopened("Errors again"),
				new PostmortemPublished("A bad config", "Deploy 4.2", "Rollback", "Alert after 1 minute",
						List.of("Canary config changes"),
						List.of(new ActionItem("Add a canary", "sam@nimbus.example"))),
				new NoteAdded("Traffic shifted away from the zone"),
				new SignalReceived("alertmanager-eu", "fp-42", SignalStatus.FIRING, "checkout", "eu-west-1",
						ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.9"), at("06:39:00"), at("06:59:00"),
						"Checkout 5xx above 50%", "sig-1f2e"));
	}

	/**
	 * An impact event as delivered: a timeline entry and an impact fact both.
	 */
	public static EventEnvelope impactEvent() {
		return new EventEnvelope("evt-2", "INC-7", 2, "ImpactReported", 1, at("06:41:00"), at("06:52:00.250"),
				"dana@nimbus.example", payloads().get(6));
	}

}
