package com.nimbus.incidents.projector.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merging a poll's changes into the document: idempotent, forward only, updates by
 * sequence, and the 90 days of history pruned.
 */
class StatusPageMergeTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static final List<StatusPageWindow> WINDOWS = List
		.of(new StatusPageWindow("dns", "us-east-1", ImpactLevel.MAJOR_OUTAGE, NOW.minusSeconds(3600), null));

	private static final Function<StatusChange, List<StatusPageUpdate>> NO_EARLIER = (change) -> {
		throw new AssertionError("no earlier updates are asked for " + change);
	};

	private static StatusPageIncident entry(String id, long version, IncidentStatus status, Instant resolvedAt) {
		return new StatusPageIncident(id, version, status, NOW.minusSeconds(3600), resolvedAt, "DNS errors", WINDOWS,
				List.of());
	}

	private static StatusPageUpdate update(long sequence, Instant at, String message) {
		return new StatusPageUpdate(UpdateStatus.INVESTIGATING, message, at, sequence);
	}

	@Test
	void anEntryNewToTheDocumentStartsWithTheUpdatesPostedBeforeInTheirOrder() {
		StatusPageUpdate first = update(1, NOW.minusSeconds(3000), "first");
		StatusPageUpdate backdated = update(4, NOW.minusSeconds(3500), "backdated");
		StatusPageUpdate applied = update(6, NOW.minusSeconds(60), "applied now");
		List<StatusChange> asked = new ArrayList<>();

		StatusPageDocument merged = StatusPageMerge.merge(StatusPageDocument.empty(),
				List.of(new StatusChange(entry("INC-1", 6, IncidentStatus.OPEN, null), List.of(applied), 5)), NOW,
				(change) -> {
					asked.add(change);
					return List.of(first, backdated);
				});

		assertThat(merged.version()).isEqualTo(1);
		assertThat(merged.incidents()).hasSize(1);
		assertThat(merged.incidents().get(0).updates()).containsExactly(backdated, first, applied);
		assertThat(asked).hasSize(1);
	}

	@Test
	void theSameChangesMergedAgainLeaveTheDocumentAsItIs() {
		List<StatusChange> changes = List.of(new StatusChange(entry("INC-1", 3, IncidentStatus.OPEN, null),
				List.of(update(3, NOW.minusSeconds(60), "looking")), -1));
		StatusPageDocument once = StatusPageMerge.merge(StatusPageDocument.empty(), changes, NOW, NO_EARLIER);

		StatusPageDocument twice = StatusPageMerge.merge(once, changes, NOW, NO_EARLIER);

		assertThat(twice).isSameAs(once);
	}

	@Test
	void anOlderChangeNeverMovesAnEntryBack() {
		StatusPageDocument current = StatusPageMerge.merge(StatusPageDocument.empty(), List
			.of(new StatusChange(entry("INC-1", 9, IncidentStatus.RESOLVED, NOW.minusSeconds(60)), List.of(), -1)), NOW,
				NO_EARLIER);

		StatusPageDocument merged = StatusPageMerge.merge(current,
				List.of(new StatusChange(entry("INC-1", 7, IncidentStatus.OPEN, null), List.of(), -1)), NOW,
				NO_EARLIER);

		assertThat(merged).isSameAs(current);
		assertThat(merged.incidents().get(0).status()).isEqualTo(IncidentStatus.RESOLVED);
	}

	@Test
	void anUpdateDeliveredTwiceIsListedOnce() {
		StatusPageUpdate looking = update(3, NOW.minusSeconds(60), "looking");
		StatusPageDocument current = StatusPageMerge.merge(StatusPageDocument.empty(),
				List.of(new StatusChange(entry("INC-1", 3, IncidentStatus.OPEN, null), List.of(looking), -1)), NOW,
				NO_EARLIER);

		StatusPageDocument merged = StatusPageMerge.merge(current,
				List.of(new StatusChange(entry("INC-1", 4, IncidentStatus.OPEN, null), List.of(looking), -1)), NOW,
				NO_EARLIER);

		assertThat(merged.version()).isEqualTo(2);
		assertThat(merged.incidents().get(0).updates()).containsExactly(looking);
		assertThat(merged.incidents().get(0).version()).isEqualTo(4);
	}

	@Test
	void entriesResolvedMoreThanNinetyDaysAgoArePrunedOnTheNextWriteWhoeverTouchedThem() {
		Instant old = NOW.minus(Duration.ofDays(90)).minusSeconds(1);
		Instant recent = NOW.minus(Duration.ofDays(90));
		StatusPageDocument current = new StatusPageDocument("e", 5,
				List.of(entry("INC-OLD", 4, IncidentStatus.RESOLVED, old),
						entry("INC-RECENT", 4, IncidentStatus.RESOLVED, recent)));

		StatusPageDocument merged = StatusPageMerge.merge(current,
				List.of(new StatusChange(entry("INC-NEW", 1, IncidentStatus.OPEN, null), List.of(), -1)), NOW,
				NO_EARLIER);

		assertThat(merged.version()).isEqualTo(6);
		assertThat(merged.epoch()).isEqualTo("e");
		assertThat(merged.incidents()).extracting(StatusPageIncident::incidentId)
			.containsExactly("INC-NEW", "INC-RECENT");
	}

	@Test
	void aChangeToAnIncidentThePageNoLongerShowsRemovesIt() {
		StatusPageDocument current = new StatusPageDocument("e", 5,
				List.of(entry("INC-1", 4, IncidentStatus.RESOLVED, NOW.minusSeconds(60))));
		StatusPageIncident backdated = entry("INC-1", 5, IncidentStatus.RESOLVED, NOW.minus(Duration.ofDays(100)));

		StatusPageDocument merged = StatusPageMerge.merge(current, List.of(new StatusChange(backdated, List.of(), -1)),
				NOW, NO_EARLIER);

		assertThat(merged.incidents()).isEmpty();
		assertThat(merged.version()).isEqualTo(6);
	}

}
