package com.nimbus.incidents.query.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.events.ActionItem;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.SeverityChanged;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;

/**
 * The bundled scenario of the local stack ({@code us-east-1-2021-12-07.json}): three
 * contracts and the congestion incident with its 19 events, then the late correction that
 * the end-to-end test posts (storage-use1 at a full error rate until 04:00), recorded on
 * {@link #CORRECTION_RECORDED}.
 */
public final class ImpactScenario {

	public static final String CONGESTION = "INC-CONGESTION01";

	public static final Instant CORRECTION_RECORDED = Instant.parse("2022-01-10T09:00:00Z");

	private static final Instant CONTRACTS_RECORDED = Instant.parse("2021-11-01T00:00:00Z");

	private static final List<CreditTier> AVAILABILITY_TIERS = List.of(tier("99.99", "10"), tier("99.0", "30"),
			tier("95.0", "100"));

	private static final List<CreditTier> ERROR_RATE_TIERS = List.of(tier("99.9", "10"), tier("99.0", "25"),
			tier("95.0", "100"));

	private ImpactScenario() {
	}

	public static ReadModelSeed seed(ReadModelSeed seed) {
		seed.contract("acme", 0, CONTRACTS_RECORDED,
				new ContractTerms("Acme Retail", 120000, Instant.parse("2021-01-01T00:00:00Z"),
						List.of(new ServiceTerms("object-storage", List.of("us-east-1", "us-west-2"),
								money("12000.00", "USD"),
								new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null, ERROR_RATE_TIERS)))));
		seed.contract("globex", 0, CONTRACTS_RECORDED,
				new ContractTerms("Globex Logistics", 45000, Instant.parse("2021-06-01T00:00:00Z"), List.of(
						new ServiceTerms("compute-api", List.of("us-east-1"), money("30500.00", "USD"),
								new SlaTerms(SlaMeasurement.AVAILABILITY, List.of(ImpactLevel.MAJOR_OUTAGE),
										new BigDecimal("0.25"), AVAILABILITY_TIERS)),
						new ServiceTerms("object-storage", List.of("eu-west-1"), money("800.00", "EUR"),
								new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null, ERROR_RATE_TIERS)))));
		seed.contract("initech", 0, CONTRACTS_RECORDED,
				new ContractTerms("Initech", 8000, Instant.parse("2021-03-01T00:00:00Z"),
						List.of(new ServiceTerms("compute-api", List.of("us-west-2"), money("4200.00", "USD"),
								new SlaTerms(SlaMeasurement.AVAILABILITY, List.of(ImpactLevel.MAJOR_OUTAGE), null,
										AVAILABILITY_TIERS)))));
		return seed.incident(CONGESTION, congestion(), true);
	}

	static List<EventEnvelope> congestion() {
		List<EventEnvelope> log = new ArrayList<>();
		add(log, "2021-12-07T15:48:00Z",
				new IncidentDeclared("us-east-1: elevated API and console errors", Severity.SEV2,
						"Customers report console and API errors in us-east-1.", DetectionSource.CUSTOMER_REPORT,
						Instant.parse("2021-12-07T15:41:00Z"), List.of("console", "compute-api", "object-storage"),
						List.of("us-east-1")));
		add(log, "2021-12-07T15:49:00Z", new ResponderAssigned("dana@nimbus.example", ResponderRole.COMMANDER));
		add(log, "2021-12-07T15:52:00Z", new ResponderAssigned("li@nimbus.example", ResponderRole.COMMUNICATIONS));
		add(log, "2021-12-07T15:55:00Z", new ImpactReported("console-use1", "console", "us-east-1",
				ImpactLevel.MAJOR_OUTAGE, null, Instant.parse("2021-12-07T15:45:00Z"), null, null, null));
		add(log, "2021-12-07T15:56:00Z",
				new ImpactReported("compute-use1", "compute-api", "us-east-1", ImpactLevel.PARTIAL_OUTAGE,
						new BigDecimal("0.4"), Instant.parse("2021-12-07T15:30:00Z"), null,
						new AffectedUsers(20000, 40000), null));
		add(log, "2021-12-07T15:57:00Z",
				new ImpactReported("storage-use1", "object-storage", "us-east-1", ImpactLevel.PARTIAL_OUTAGE,
						new BigDecimal("0.3"), Instant.parse("2021-12-07T15:32:00Z"), null, null, null));
		add(log, "2021-12-07T16:05:00Z",
				new SeverityChanged(Severity.SEV2, Severity.SEV1, "Multiple core services in one region"));
		add(log, "2021-12-07T16:22:00Z", new StatusUpdatePosted(UpdateStatus.INVESTIGATING,
				"We are investigating increased error rates for the management console.", true));
		add(log, "2021-12-07T16:26:00Z", new StatusUpdatePosted(UpdateStatus.IDENTIFIED,
				"We are experiencing API and console issues in us-east-1 and have identified the root cause.", true));
		add(log, "2021-12-07T16:40:00Z", new ActionRecorded(ActionKind.INVESTIGATION,
				"Internal network devices between the internal and main networks are congested."));
		add(log, "2021-12-07T17:28:00Z",
				new ActionRecorded(ActionKind.MITIGATION, "Moved internal DNS traffic off the congested paths."));
		add(log, "2021-12-07T18:00:00Z", new ImpactCorrected("console-use1", Instant.parse("2021-12-07T15:30:00Z"),
				null, null, null, "Access logs show console errors from 15:30."));
		add(log, "2021-12-07T18:05:00Z", new ActionRecorded(ActionKind.OTHER,
				"Automated capacity scaling started the connection surge (recorded after the fact)."));
		add(log, "2021-12-07T21:34:00Z", new StatusUpdatePosted(UpdateStatus.MONITORING,
				"Network congestion has significantly improved.", true));
		add(log, "2021-12-07T21:35:00Z", new ImpactEnded("storage-use1", Instant.parse("2021-12-07T21:34:00Z")));
		add(log, "2021-12-07T22:23:00Z", new ImpactEnded("console-use1", Instant.parse("2021-12-07T22:22:00Z")));
		add(log, "2021-12-08T00:29:00Z", new ImpactEnded("compute-use1", Instant.parse("2021-12-08T00:28:00Z")));
		add(log, "2021-12-08T00:44:00Z", new IncidentResolved("All services operating normally."));
		add(log, "2021-12-09T10:00:00Z",
				new PostmortemPublished("An automated capacity-scaling activity caused a surge of connections.",
						"Automated scaling of an internal service.", "DNS traffic moved off congested paths.",
						"Customers reported errors before internal monitoring.",
						List.of("Status tooling must not depend on the region it reports on."),
						List.of(new ActionItem("Fail the status page over automatically.", "li@nimbus.example"))));
		add(log, CORRECTION_RECORDED.toString(),
				new ImpactCorrected("storage-use1", null, Instant.parse("2021-12-08T04:00:00Z"), null, BigDecimal.ONE,
						"Storage logs show failures until 04:00."));
		return log;
	}

	private static void add(List<EventEnvelope> log, String recordedAt, IncidentEvent payload) {
		Instant recorded = Instant.parse(recordedAt);
		log.add(EventEnvelope.of("e-" + CONGESTION + "-" + log.size(), CONGESTION, log.size(), recorded, recorded,
				"dana@nimbus.example", payload));
	}

	private static CreditTier tier(String below, String percent) {
		return new CreditTier(new BigDecimal(below), new BigDecimal(percent));
	}

	private static Money money(String amount, String currency) {
		return new Money(new BigDecimal(amount), currency);
	}

}
