package com.nimbus.incidents.readmodel.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.nimbus.incidents.events.UpdateStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFeedDocumentTest {

	private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

	private static StatusFeedEntry update(int n) {
		return new StatusFeedEntry("evt-" + n, "INC-" + (n % 3), n, StatusFeedEntry.Kind.STATUS_UPDATE,
				T0.plusSeconds(n), T0.plusSeconds(n), "Title", UpdateStatus.INVESTIGATING, "Message " + n, null);
	}

	@Test
	void keepsTheNewestFiftyNewestFirst() {
		List<StatusFeedEntry> entries = new ArrayList<>();
		for (int n = 0; n < 70; n++) {
			entries.add(update(n));
		}

		StatusFeedDocument feed = StatusFeedDocument.empty().plus(entries);

		assertThat(feed.version()).isEqualTo(1);
		assertThat(feed.entries()).hasSize(StatusFeedDocument.LIMIT);
		assertThat(feed.entries().get(0).eventId()).isEqualTo("evt-69");
		assertThat(feed.entries().get(49).eventId()).isEqualTo("evt-20");
	}

	@Test
	void addingWhatIsThereOrTooOldChangesNothing() {
		List<StatusFeedEntry> entries = new ArrayList<>();
		for (int n = 10; n < 60; n++) {
			entries.add(update(n));
		}
		StatusFeedDocument feed = StatusFeedDocument.empty().plus(entries);

		assertThat(feed.plus(List.of(update(30), update(59)))).isSameAs(feed);
		assertThat(feed.plus(List.of(update(3)))).isSameAs(feed);
		assertThat(feed.plus(List.of(update(60))).version()).isEqualTo(2);
	}

	@Test
	void theOrderEntriesArriveInDoesNotMatter() {
		List<StatusFeedEntry> entries = new ArrayList<>();
		for (int n = 0; n < 80; n++) {
			entries.add(update(n));
		}
		StatusFeedDocument inOrder = StatusFeedDocument.empty();
		for (StatusFeedEntry entry : entries) {
			inOrder = inOrder.plus(List.of(entry));
		}
		List<StatusFeedEntry> shuffled = new ArrayList<>(entries);
		Collections.shuffle(shuffled, new java.util.Random(7));
		StatusFeedDocument outOfOrder = StatusFeedDocument.empty()
			.plus(shuffled.subList(0, 40))
			.plus(shuffled.subList(40, 80))
			.plus(shuffled.subList(0, 10));

		assertThat(outOfOrder.entries()).isEqualTo(inOrder.entries());
	}

}
