package com.nimbus.incidents.query.status;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptEncodingTest {

	@Test
	void gzipWhenNamedOrByAStarWithoutQZero() {
		assertThat(AcceptEncoding.gzip("gzip, deflate, br")).isTrue();
		assertThat(AcceptEncoding.gzip("br;q=1.0, GZIP;q=0.5")).isTrue();
		assertThat(AcceptEncoding.gzip("*")).isTrue();
		assertThat(AcceptEncoding.gzip("x-gzip")).isTrue();
	}

	@Test
	void notWhenAbsentOtherOrRefused() {
		assertThat(AcceptEncoding.gzip(null)).isFalse();
		assertThat(AcceptEncoding.gzip("identity")).isFalse();
		assertThat(AcceptEncoding.gzip("gzip;q=0")).isFalse();
		assertThat(AcceptEncoding.gzip("gzip; q=0.000, *")).isFalse();
		assertThat(AcceptEncoding.gzip("*;q=0")).isFalse();
	}

}
