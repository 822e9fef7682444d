package com.nimbus.incidents.query.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.query.status.PublicIncident.PublicUpdate;
import com.nimbus.incidents.query.status.StatusPage.PastIncident;
import com.nimbus.incidents.query.status.StatusPage.PublicWindow;
import com.nimbus.incidents.query.status.StatusPage.ServiceStatus;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page rendered from a document: levels, order, what an incident shows, history and
 * uptime.
 */
class StatusPageRendererTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static Instant at(String time) {
		return Instant.parse(time);
	}

	private static StatusPageWindow window(String service, String region, ImpactLevel level, String start, String end) {
		return new StatusPageWindow(service, region, level, at(start), (end != null) ? at(end) : null);
	}

	/** Open, nothing published, two open windows on one component. */
	private static final StatusPageIncident SILENT = new StatusPageIncident("INC-SECRET-1", 4, IncidentStatus.OPEN,
			at("2026-11-30T05:00:00Z"), null, null,
			List.of(window("dns", "us-east-1", ImpactLevel.DEGRADED_PERFORMANCE, "2026-11-30T05:00:00Z", null),
					window("dns", "us-east-1", ImpactLevel.MAJOR_OUTAGE, "2026-11-30T06:00:00Z", null)),
			List.of());

	/** Open, titled, two public updates. */
	private static final StatusPageIncident PUBLISHED = new StatusPageIncident("INC-SECRET-2", 9, IncidentStatus.OPEN,
			at("2026-11-30T09:00:00Z"), null, "Slow object storage",
			List.of(window("object-storage", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE, "2026-11-30T09:00:00Z", null)),
			List.of(new StatusPageUpdate(UpdateStatus.INVESTIGATING, "Looking", at("2026-11-30T09:10:00Z"), 2),
					new StatusPageUpdate(UpdateStatus.IDENTIFIED, "Found it", at("2026-11-30T10:00:00Z"), 5)));

	/** Resolved ten days ago, a window left open by the resolution. */
	private static final StatusPageIncident RESOLVED = new StatusPageIncident("INC-SECRET-3", 6,
			IncidentStatus.RESOLVED, at("2026-11-20T10:00:00Z"), at("2026-11-20T18:00:00Z"), null,
			List.of(window("compute", "ap-south-1", ImpactLevel.MAJOR_OUTAGE, "2026-11-20T12:00:00Z", null)),
			List.of(new StatusPageUpdate(UpdateStatus.RESOLVED, "Fixed", at("2026-11-20T18:00:00Z"), 6)));

	/** Resolved a hundred days ago: not pruned yet, not shown. */
	private static final StatusPageIncident FORGOTTEN = new StatusPageIncident(
			"INC-SECRET-4", 3, IncidentStatus.RESOLVED, NOW.minus(Duration.ofDays(101)),
			NOW.minus(Duration.ofDays(100)), "Old", List.of(new StatusPageWindow("legacy", "us-west-2",
					ImpactLevel.MAJOR_OUTAGE, NOW.minus(Duration.ofDays(101)), NOW.minus(Duration.ofDays(100)))),
			List.of());

	/** Open, its window ended: monitoring. */
	private static final StatusPageIncident MONITORING = new StatusPageIncident("INC-SECRET-5", 3, IncidentStatus.OPEN,
			at("2026-11-29T23:00:00Z"), null, "API errors", List.of(window("api", "us-east-1",
					ImpactLevel.PARTIAL_OUTAGE, "2026-11-29T23:00:00Z", "2026-11-30T01:00:00Z")),
			List.of());

	private static final StatusPageDocument DOCUMENT = new StatusPageDocument("e", 12,
			List.of(FORGOTTEN, RESOLVED, MONITORING, SILENT, PUBLISHED));

	@Test
	void affectedComponentsComeFirstThenByServiceAndRegion() {
		StatusPage page = StatusPageRenderer.render(DOCUMENT, NOW);

		assertThat(page.services()).extracting((s) -> s.service() + "/" + s.region() + "=" + s.status())
			.containsExactly("dns/us-east-1=MAJOR_OUTAGE", "object-storage/eu-west-1=PARTIAL_OUTAGE",
					"api/us-east-1=OPERATIONAL", "compute/ap-south-1=OPERATIONAL");
		assertThat(page.overall()).isEqualTo("MAJOR_OUTAGE");
		assertThat(page.generatedAt()).isEqualTo(NOW);
	}

	@Test
	void anIncidentThatPublishedNothingShowsOnceWithTheGenericTextItsWorstLevelAndEarliestStart() {
		ServiceStatus dns = StatusPageRenderer.render(DOCUMENT, NOW).services().get(0);

		assertThat(dns.incidents())
			.containsExactly(new PublicIncident("We are investigating reports of degraded service",
					ImpactLevel.MAJOR_OUTAGE, at("2026-11-30T05:00:00Z"), null, null, null, List.of()));
	}

	@Test
	void aPublishedIncidentShowsItsTitleItsLatestUpdateAndAllItsUpdates() {
		ServiceStatus storage = StatusPageRenderer.render(DOCUMENT, NOW).services().get(1);

		PublicIncident shown = storage.incidents().get(0);
		assertThat(shown.title()).isEqualTo("Slow object storage");
		assertThat(shown.latestStatus()).isEqualTo(UpdateStatus.IDENTIFIED);
		assertThat(shown.latestMessage()).isEqualTo("Found it");
		assertThat(shown.latestUpdateAt()).isEqualTo(at("2026-11-30T10:00:00Z"));
		assertThat(shown.updates()).containsExactly(
				new PublicUpdate(UpdateStatus.INVESTIGATING, "Looking", at("2026-11-30T09:10:00Z")),
				new PublicUpdate(UpdateStatus.IDENTIFIED, "Found it", at("2026-11-30T10:00:00Z")));
	}

	@Test
	void historyHoldsTheResolvedIncidentsOfNinetyDaysAWindowLeftOpenEndingAtTheResolution() {
		StatusPage page = StatusPageRenderer.render(DOCUMENT, NOW);

		assertThat(page.history()).containsExactly(
				new PastIncident("We are investigating reports of degraded service", at("2026-11-20T18:00:00Z"),
						List.of(new PublicUpdate(UpdateStatus.RESOLVED, "Fixed", at("2026-11-20T18:00:00Z"))),
						List.of(new PublicWindow("compute", "ap-south-1", ImpactLevel.MAJOR_OUTAGE,
								at("2026-11-20T12:00:00Z"), at("2026-11-20T18:00:00Z")))));
	}

	@Test
	void uptimeIsPerComponentInTheOrderOfTheComponents() {
		StatusPage page = StatusPageRenderer.render(DOCUMENT, NOW);

		assertThat(page.uptime()).extracting((u) -> u.service() + "/" + u.region())
			.containsExactly("dns/us-east-1", "object-storage/eu-west-1", "api/us-east-1", "compute/ap-south-1");
		assertThat(page.uptime()).allSatisfy((uptime) -> {
			assertThat(uptime.from()).isEqualTo(LocalDate.parse("2026-09-02"));
			assertThat(uptime.daily()).hasSize(90);
		});
		// dns: 05:00 to now (12:00), the two windows' union; storage: 09:00 to now
		assertThat(page.uptime().get(0).daily().get(89)).isEqualTo("0.7083");
		assertThat(page.uptime().get(1).daily().get(89)).isEqualTo("0.8750");
		// api: 23:00 to 01:00, across midnight
		assertThat(page.uptime().get(2).daily().subList(88, 90)).containsExactly("0.9583", "0.9583");
		// compute: 12:00 to the resolution at 18:00 on the 20th
		assertThat(page.uptime().get(3).daily().get(79)).isEqualTo("0.7500");
	}

	@Test
	void nothingShowsWhatWasNotPublished() {
		String json = JsonMapper.builder().build().writeValueAsString(StatusPageRenderer.render(DOCUMENT, NOW));

		assertThat(json).doesNotContain("INC-").doesNotContain("SECRET").doesNotContain("legacy");
	}

	@Test
	void anEmptyDocumentIsAnOperationalPageWithNothingToShow() {
		StatusPage page = StatusPageRenderer.render(StatusPageDocument.empty(), NOW);

		assertThat(page.overall()).isEqualTo("OPERATIONAL");
		assertThat(page.services()).isEmpty();
		assertThat(page.history()).isEmpty();
		assertThat(page.uptime()).isEmpty();
	}

	@Test
	void thePageMovesWithTheClockOnlyWhileAnOpenIncidentHasAnOpenWindow() {
		assertThat(StatusPageRenderer.moving(DOCUMENT, NOW)).isTrue();
		assertThat(StatusPageRenderer.moving(new StatusPageDocument("e", 1, List.of(RESOLVED, MONITORING)), NOW))
			.isFalse();
	}

}
