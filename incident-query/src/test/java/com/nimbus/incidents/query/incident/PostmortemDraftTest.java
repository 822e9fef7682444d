package com.nimbus.incidents.query.incident;

import java.util.List;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.PostmortemPublished;
import com.nimbus.incidents.history.IncidentFold;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reason-for-outage draft takes the published postmortem's fields, and says what is
 * not written yet before one is published.
 */
class PostmortemDraftTest {

	@Test
	void thePublishedPostmortemFillsItsSections() {
		List<EventEnvelope> log = ImpactScenario.congestion();

		String draft = PostmortemDraft.render(IncidentFold.fold(ImpactScenario.CONGESTION, log), List.of(), log);

		assertThat(section(draft, "## Root cause"))
			.contains("An automated capacity-scaling activity caused a surge of connections.")
			.contains("Trigger: Automated scaling of an internal service.");
		assertThat(section(draft, "## Resolution")).contains("DNS traffic moved off congested paths.");
		assertThat(section(draft, "## Detection")).contains("Customers reported errors before internal monitoring.");
		assertThat(section(draft, "## Lessons"))
			.contains("- Status tooling must not depend on the region it reports on.");
		assertThat(section(draft, "## Action items")).contains("| Action | Owner |")
			.contains("| Fail the status page over automatically. | li@nimbus.example |");
		assertThat(draft).doesNotContain("Not written yet");
	}

	@Test
	void withoutAPostmortemTheSectionsSayTheyAreNotWrittenYet() {
		List<EventEnvelope> whole = ImpactScenario.congestion();
		// the log as it stood before the postmortem was published
		List<EventEnvelope> log = whole.stream()
			.takeWhile((event) -> !(event.payload() instanceof PostmortemPublished))
			.toList();
		assertThat(log).hasSizeLessThan(whole.size());

		String draft = PostmortemDraft.render(IncidentFold.fold(ImpactScenario.CONGESTION, log), List.of(), log);

		assertThat(section(draft, "## Root cause")).contains("_Not written yet");
		assertThat(section(draft, "## Lessons")).contains("_Not written yet");
		assertThat(section(draft, "## Action items")).contains("_Not written yet");
		assertThat(section(draft, "## Resolution")).contains("All services operating normally.");
	}

	private static String section(String draft, String heading) {
		int start = draft.indexOf(heading);
		assertThat(start).as("the draft has " + heading).isNotNegative();
		int end = draft.indexOf("\n## ", start + heading.length());
		return draft.substring(start, (end < 0) ? draft.length() : end);
	}

}
