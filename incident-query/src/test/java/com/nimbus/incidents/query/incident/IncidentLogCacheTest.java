package com.nimbus.incidents.query.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.query.incident.IncidentLogCache.Fetched;
import com.nimbus.incidents.query.limits.HeapEstimate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentLogCacheTest {

	/**
	 * The BSON size each fake event is read with.
	 */
	private static final long EVENT_BSON_BYTES = 300;

	private final List<String> reads = new ArrayList<>();

	private final IncidentLogCache cache = new IncidentLogCache(1024 * 1024);

	private IncidentLogCache.Fetch<EventEnvelope> fetch(long visibleUpTo) {
		return (first, last) -> {
			this.reads.add(first + ".." + last);
			List<EventEnvelope> events = LongStream.rangeClosed(first, Math.min(last, visibleUpTo))
				.mapToObj(this::event)
				.toList();
			return new Fetched<>(events, events.size() * EVENT_BSON_BYTES);
		};
	}

	private EventEnvelope event(long sequence) {
		return new EventEnvelope("e" + sequence, "INC-1", sequence, "NoteAdded", 1, null, null, "alice",
				new NoteAdded("note " + sequence));
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
		List<EventEnvelope> grown = this.cache.events("INC-1", 12, fetch(12));

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
		LongFunction<Supplier<IncidentState>> convert = (version) -> () -> {
			conversions.add(version);
			return IncidentState.initial("INC-1");
		};

		IncidentState first = this.cache.state("INC-1", 3, 1000, convert.apply(3));
		IncidentState again = this.cache.state("INC-1", 3, 1000, convert.apply(3));
		this.cache.state("INC-1", 4, 1000, convert.apply(4));

		assertThat(again).isSameAs(first);
		assertThat(conversions).containsExactly(3L, 4L);
	}

	@Test
	void givenALowerVersionThanCached_whenRead_thenTheLogIsReadAgainFromTheStart() {
		this.cache.events("INC-1", 9, fetch(9));
		assertThat(this.cache.events("INC-1", 4, fetch(4))).hasSize(5);

		assertThat(this.reads).containsExactly("0..9", "0..4");
	}

	@Test
	void givenALogThatGrew_whenWeighed_thenItWeighsTheHeapOfEveryDocumentItWasReadFrom() {
		this.cache.events("INC-1", 9, fetch(9));
		this.cache.events("INC-1", 12, fetch(12));

		assertThat(this.cache.weighedBytes())
			.isEqualTo(HeapEstimate.ofBson(13 * EVENT_BSON_BYTES) + IncidentLogCache.ENTRY_OVERHEAD_BYTES);
	}

	@Test
	void givenManyIncidentsRead_whenWeighed_thenTheCacheHoldsNoMoreThanItsBytes() {
		IncidentLogCache small = new IncidentLogCache(100_000);
		for (int incident = 0; incident < 200; incident++) {
			String incidentId = "INC-" + incident;
			small.events(incidentId, 9,
					(first, last) -> new Fetched<>(LongStream.rangeClosed(first, last).mapToObj(this::event).toList(),
							10 * EVENT_BSON_BYTES));
		}

		// each log weighs 7 x 3,000 + 200 bytes: four fit in 100,000 (which four is
		// Caffeine's choice)
		assertThat(small.weighedBytes()).isLessThanOrEqualTo(100_000).isGreaterThanOrEqualTo(3 * 21_200);
	}

	@Test
	void givenALogLargerThanTheWholeBudget_whenRead_thenItIsAnsweredButNotKept() {
		IncidentLogCache small = new IncidentLogCache(10_000);
		IncidentLogCache.Fetch<EventEnvelope> large = (first, last) -> {
			this.reads.add(first + ".." + last);
			return new Fetched<>(LongStream.rangeClosed(first, last).mapToObj(this::event).toList(), 2_000);
		};

		assertThat(small.events("INC-1", 9, large)).hasSize(10);
		assertThat(small.events("INC-1", 9, large)).hasSize(10);

		assertThat(this.reads).containsExactly("0..9", "0..9");
		assertThat(small.weighedBytes()).isZero();
	}

}
