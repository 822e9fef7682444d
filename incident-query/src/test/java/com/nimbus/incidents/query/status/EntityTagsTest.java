package com.nimbus.incidents.query.status;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code If-None-Match} against the page's tags: lists, weak forms and {@code *}.
 */
class EntityTagsTest {

	private static final String PLAIN = "\"abc\"";

	private static final String GZIP = "\"abc-gzip\"";

	@Test
	void theCurrentTagOrEitherRepresentationsTagMatches() {
		assertThat(EntityTags.noneMatchFails("\"abc\"", PLAIN, GZIP)).isTrue();
		assertThat(EntityTags.noneMatchFails("\"abc-gzip\"", PLAIN, GZIP)).isTrue();
	}

	@Test
	void aWeakFormMatchesItsStrongTag() {
		assertThat(EntityTags.noneMatchFails("W/\"abc\"", PLAIN, GZIP)).isTrue();
	}

	@Test
	void aListMatchesWhenAnyOfItDoes() {
		assertThat(EntityTags.noneMatchFails("\"old\", W/\"older\" ,\"abc\"", PLAIN, GZIP)).isTrue();
		assertThat(EntityTags.noneMatchFails("\"old\", W/\"older\"", PLAIN, GZIP)).isFalse();
	}

	@Test
	void aStarMatchesAnyPage() {
		assertThat(EntityTags.noneMatchFails(" * ", PLAIN, GZIP)).isTrue();
	}

	@Test
	void nothingBlankUnquotedOrOtherMatches() {
		assertThat(EntityTags.noneMatchFails(null, PLAIN, GZIP)).isFalse();
		assertThat(EntityTags.noneMatchFails("", PLAIN, GZIP)).isFalse();
		assertThat(EntityTags.noneMatchFails("abc", PLAIN, GZIP)).isFalse();
		assertThat(EntityTags.noneMatchFails("\"ab\"", PLAIN, GZIP)).isFalse();
		assertThat(EntityTags.noneMatchFails("\"abc", PLAIN, GZIP)).isFalse();
	}

	@Test
	void aCommaInsideQuotesBelongsToTheTag() {
		assertThat(EntityTags.parse("\"a,b\", \"c\"")).containsExactly("\"a,b\"", "\"c\"");
	}

}
