package com.nimbus.incidents.notifier.subscription;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.notifier.channel.ChannelKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FilterTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static EventFacts event(String type, Set<String> services, Set<String> regions, Severity severity,
			boolean publicChange) {
		return new EventFacts("INC-1", type, NOW, services, regions, severity, publicChange);
	}

	private static final EventFacts STORAGE_SEV2 = event("ActionRecorded", Set.of("storage", "dns"),
			Set.of("us-east-1"), Severity.SEV2, false);

	@Test
	void anEmptyFilterTakesEverything() {
		assertThat(Filter.everything().matches(STORAGE_SEV2)).isTrue();
	}

	@Test
	void servicesMatchWhenTheIncidentNamesOneOfThem() {
		assertThat(filter(Set.of("dns", "compute"), Set.of(), null, Set.of(), null, false).matches(STORAGE_SEV2))
			.isTrue();
		assertThat(filter(Set.of("compute"), Set.of(), null, Set.of(), null, false).matches(STORAGE_SEV2)).isFalse();
	}

	@Test
	void regionsMatchWhenTheIncidentNamesOneOfThem() {
		assertThat(filter(Set.of(), Set.of("us-east-1"), null, Set.of(), null, false).matches(STORAGE_SEV2)).isTrue();
		assertThat(filter(Set.of(), Set.of("eu-west-1"), null, Set.of(), null, false).matches(STORAGE_SEV2)).isFalse();
	}

	@Test
	void minSeverityTakesThatSeverityAndMoreSevereOnes() {
		assertThat(filter(Set.of(), Set.of(), Severity.SEV3, Set.of(), null, false).matches(STORAGE_SEV2)).isTrue();
		assertThat(filter(Set.of(), Set.of(), Severity.SEV2, Set.of(), null, false).matches(STORAGE_SEV2)).isTrue();
		assertThat(filter(Set.of(), Set.of(), Severity.SEV1, Set.of(), null, false).matches(STORAGE_SEV2)).isFalse();
		assertThat(filter(Set.of(), Set.of(), Severity.SEV4, Set.of(), null, false)
			.matches(event("NoteAdded", Set.of(), Set.of(), null, false))).isFalse();
	}

	@Test
	void typesAndIncidentMustMatchExactly() {
		assertThat(filter(Set.of(), Set.of(), null, Set.of("ActionRecorded"), null, false).matches(STORAGE_SEV2))
			.isTrue();
		assertThat(filter(Set.of(), Set.of(), null, Set.of("NoteAdded"), null, false).matches(STORAGE_SEV2)).isFalse();
		assertThat(filter(Set.of(), Set.of(), null, Set.of(), "INC-1", false).matches(STORAGE_SEV2)).isTrue();
		assertThat(filter(Set.of(), Set.of(), null, Set.of(), "INC-2", false).matches(STORAGE_SEV2)).isFalse();
	}

	@Test
	void publicOnlyTakesPublicChangesOnly() {
		Filter publicOnly = filter(Set.of(), Set.of(), null, Set.of(), null, true);
		assertThat(publicOnly.matches(STORAGE_SEV2)).isFalse();
		assertThat(publicOnly.matches(event("StatusUpdatePosted", Set.of("storage"), Set.of(), Severity.SEV2, true)))
			.isTrue();
	}

	@Test
	void everyGivenFieldMustMatch() {
		Filter both = filter(Set.of("storage"), Set.of("eu-west-1"), null, Set.of(), null, false);
		assertThat(both.matches(STORAGE_SEV2)).isFalse();
	}

	@Test
	void aSubscriptionIsNotToldOfEventsRecordedBeforeItWasCreatedNorOnceDisabled() {
		Subscription later = subscription("s1", Filter.everything(), NOW.plusSeconds(1));
		Subscription earlier = subscription("s2", Filter.everything(), NOW.minusSeconds(1));
		assertThat(later.wants(STORAGE_SEV2)).isFalse();
		assertThat(earlier.wants(STORAGE_SEV2)).isTrue();
		assertThat(earlier.disabled(NOW, "410").wants(STORAGE_SEV2)).isFalse();
	}

	@Test
	void theIndexFindsSubscriptionsByIncidentServiceAndTheRestEachOnce() {
		SubscriptionIndex index = new SubscriptionIndex();
		index.load(List.of(subscription("by-incident", filter(Set.of(), Set.of(), null, Set.of(), "INC-1", false), NOW),
				subscription("other-incident", filter(Set.of(), Set.of(), null, Set.of(), "INC-2", false), NOW),
				subscription("two-services", filter(Set.of("storage", "dns"), Set.of(), null, Set.of(), null, false),
						NOW),
				subscription("other-service", filter(Set.of("compute"), Set.of(), null, Set.of(), null, false), NOW),
				subscription("rest", filter(Set.of(), Set.of(), Severity.SEV2, Set.of(), null, false), NOW),
				subscription("rest-too-severe", filter(Set.of(), Set.of(), Severity.SEV1, Set.of(), null, false),
						NOW)));
		assertThat(index.matching(STORAGE_SEV2)).extracting(Subscription::id)
			.containsExactly("by-incident", "two-services", "rest");
		index.remove("two-services");
		assertThat(index.matching(STORAGE_SEV2)).extracting(Subscription::id).containsExactly("by-incident", "rest");
	}

	private static Filter filter(Set<String> services, Set<String> regions, Severity minSeverity, Set<String> types,
			String incidentId, boolean publicOnly) {
		return new Filter(services, regions, minSeverity, types, incidentId, publicOnly);
	}

	private static Subscription subscription(String id, Filter filter, Instant createdAt) {
		return new Subscription(id, "alice", ChannelKind.WEBHOOK, "https://example.com/hook", "secret", filter, null,
				createdAt, false, null, null, null);
	}

}
