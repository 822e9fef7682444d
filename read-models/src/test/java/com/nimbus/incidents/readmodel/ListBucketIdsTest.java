package com.nimbus.incidents.readmodel;

import java.time.Instant;

import com.nimbus.incidents.readmodel.ListBucketIds.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time tree of the list buckets: a day by UTC, its month, year and the root, and the
 * span of each.
 */
class ListBucketIdsTest {

	@Test
	void anIncidentLiesInTheUtcDayItWasDeclared() {
		assertThat(ListBucketIds.day(Instant.parse("2021-12-07T23:59:59.999Z"))).isEqualTo("2021-12-07");
		assertThat(ListBucketIds.day(Instant.parse("2021-12-08T00:00:00Z"))).isEqualTo("2021-12-08");
	}

	@Test
	void eachNodeHasItsLevelAndParentUpToTheRoot() {
		assertThat(ListBucketIds.level("2021-12-07")).isEqualTo(Level.DAY);
		assertThat(ListBucketIds.parent("2021-12-07")).isEqualTo("2021-12");
		assertThat(ListBucketIds.level("2021-12")).isEqualTo(Level.MONTH);
		assertThat(ListBucketIds.parent("2021-12")).isEqualTo("2021");
		assertThat(ListBucketIds.level("2021")).isEqualTo(Level.YEAR);
		assertThat(ListBucketIds.parent("2021")).isEqualTo(ListBucketIds.ROOT);
		assertThat(ListBucketIds.level(ListBucketIds.ROOT)).isEqualTo(Level.ROOT);
		assertThat(ListBucketIds.isDay("2021-12-07")).isTrue();
		assertThat(ListBucketIds.isDay("2021-12")).isFalse();
	}

	@Test
	void yearsBeyondFourDigitsKeepTheirSign() {
		String day = ListBucketIds.day(Instant.parse("+10000-03-01T00:00:00Z"));
		assertThat(day).isEqualTo("+10000-03-01");
		assertThat(ListBucketIds.parent(day)).isEqualTo("+10000-03");
		assertThat(ListBucketIds.parent("+10000-03")).isEqualTo("+10000");
		assertThat(ListBucketIds.start("+10000")).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
	}

	@Test
	void aSpanStartsAtItsFirstInstantAndEndsWhereTheNextBegins() {
		assertThat(ListBucketIds.start("2021-12-07")).isEqualTo(Instant.parse("2021-12-07T00:00:00Z"));
		assertThat(ListBucketIds.end("2021-12-07")).isEqualTo(Instant.parse("2021-12-08T00:00:00Z"));
		assertThat(ListBucketIds.start("2021-02")).isEqualTo(Instant.parse("2021-02-01T00:00:00Z"));
		assertThat(ListBucketIds.end("2021-02")).isEqualTo(Instant.parse("2021-03-01T00:00:00Z"));
		assertThat(ListBucketIds.start("2021")).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
		assertThat(ListBucketIds.end("2021")).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
		assertThat(ListBucketIds.start(ListBucketIds.ROOT)).isNull();
		assertThat(ListBucketIds.end(ListBucketIds.ROOT)).isNull();
	}

}
