package com.nimbus.incidents.query.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentLogCacheTest {

	private final List<String> reads = new ArrayList<>();

	private final IncidentLogCache cache = new IncidentLogCache(100);

	private IncidentLogCache.Fetch<com.nimbus.incidents.events.EventEnvelope> fetch(long visibleUpTo) {
		return (first, last) -> {
			this.reads.add(first + ".." + last);
			return LongStream.rangeClosed(first, Math.min(last, visibleUpTo)).mapToObj(this::event).toList();
		};
	}

	private com.nimbus.incidents.events.EventEnvelope event(long sequence) {
		return new com.nimbus.incidents.events.EventEnvelope("e" + sequence, "INC-1", sequence, "NoteAdded", 1, null,
				null, "alice", new com.nimbus.incidents.events.NoteAdded("note " + sequence));
	}

	@Test
	void givenAnIncidentRead_whenItIsReadAgainAtTheSameVersion_thenTheStoreIsNotRead() {
		assertThat(this.cache.events("INC-1", 9, fetch(9))).hasSize(10);
		assertThat(this.cache.events("INC-1", 9, fetch(9))).extracting("sequence")
			.containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

		assertThat(this.reads).containsExactly("0..9");
	}

	@Test
	void givenAnIncidentRead_whenItHasGrown_thenOnlyTheNewSequencesAreRead() {
		this.cache.events("INC-1", 9, fetch(9));
		List<com.nimbus.incidents.events.EventEnvelope> grown = this.cache.events("INC-1", 12, fetch(12));

		assertThat(grown).extracting("sequence").containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
		assertThat(this.reads).containsExactly("0..9", "10..12");
	}

	@Test
	void givenEntriesNotYetVisible_whenRead_thenTheIncompleteLogIsNotKept() {
		assertThat(this.cache.events("INC-1", 5, fetch(3))).hasSize(4);
		assertThat(this.cache.events("INC-1", 5, fetch(5))).hasSize(6);

		assertThat(this.reads).containsExactly("0..5", "0..5");
	}

	@Test
	void givenAStateConverted_whenTheSummaryIsAtTheSameVersion_thenItIsNotConvertedAgain() {
		List<Long> conversions = new ArrayList<>();
		java.util.function.LongFunction<java.util.function.Supplier<com.nimbus.incidents.history.IncidentState>> convert = (
				version) -> () -> {
					conversions.add(version);
					return com.nimbus.incidents.history.IncidentState.initial("INC-1");
				};

		var first = this.cache.state("INC-1", 3, convert.apply(3));
		var again = this.cache.state("INC-1", 3, convert.apply(3));
		this.cache.state("INC-1", 4, convert.apply(4));

		assertThat(again).isSameAs(first);
		assertThat(conversions).containsExactly(3L, 4L);
	}

	@Test
	void givenALowerVersionThanCached_whenRead_thenTheLogIsReadAgainFromTheStart() {
		this.cache.events("INC-1", 9, fetch(9));
		assertThat(this.cache.events("INC-1", 4, fetch(4))).hasSize(5);

		assertThat(this.reads).containsExactly("0..9", "0..4");
	}

}
