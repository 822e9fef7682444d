package com.nimbus.incidents.console.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TriageRowsTest {

	private static Map<String, Object> signal(String fingerprint, String startsAt, String level) {
		return Map.of("source", "prometheus-eu", "fingerprint", fingerprint, "status", "FIRING", "service", "dns",
				"region", "eu-west-1", "level", level, "startsAt", startsAt, "title", "DnsErrors", "summary",
				"DnsErrors");
	}

	@Test
	void rowsAreOldestFirstWhateverTheOrderTheyCameIn() {
		List<TriageRows.Row> rows = TriageRows.rows(Map.of("signals",
				List.of(signal("b", "2026-11-30T10:00:00Z", "MAJOR_OUTAGE"),
						signal("c", "2026-11-30T09:59:59.999Z", "MAJOR_OUTAGE"),
						signal("a", "2026-11-30T10:00:00Z", "MAJOR_OUTAGE"))));

		assertThat(rows).extracting(TriageRows.Row::key)
			.containsExactly("prometheus-eu:c", "prometheus-eu:a", "prometheus-eu:b");
		assertThat(rows.get(0).started()).isEqualTo("2026-11-30 09:59");
		assertThat(rows.get(0).level()).isEqualTo("Major outage");
		assertThat(rows.get(0).status()).isEqualTo("firing");
		// a summary that only repeats the title is not shown twice
		assertThat(rows.get(0).title()).isEqualTo("DnsErrors");
		assertThat(rows.get(0).summary()).isNull();
	}

	@Test
	void whatCannotBeReadIsShownAsItCameAndListedLast() {
		List<TriageRows.Row> rows = TriageRows.rows(Map.of("signals",
				List.of(signal("x", "yesterday", "SOMEWHAT_SLOW"), signal("y", "2026-11-30T10:00:00Z", ""))));

		assertThat(rows).extracting(TriageRows.Row::fingerprint).containsExactly("y", "x");
		assertThat(rows.get(1).started()).isEqualTo("yesterday");
		assertThat(rows.get(1).level()).isEqualTo("Somewhat slow");
		assertThat(rows.get(0).level()).isEqualTo("Not given");
	}

	@Test
	void anAnswerWithoutSignalsGivesNoRows() {
		assertThat(TriageRows.rows(null)).isEmpty();
		assertThat(TriageRows.rows(Map.of("detail", "Forbidden"))).isEmpty();
	}

}
