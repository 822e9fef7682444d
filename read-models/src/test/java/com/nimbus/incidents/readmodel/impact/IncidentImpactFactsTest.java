package com.nimbus.incidents.readmodel.impact;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.history.ImpactWindow;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored shape of an incident's impact facts, pinned, and the fold as known at a
 * time.
 */
class IncidentImpactFactsTest {

	private static final IncidentImpactFacts.Fact REPORTED = new IncidentImpactFacts.Fact(3, "ImpactReported", "w",
			Instant.parse("2021-12-07T15:30:00Z"), Instant.parse("2021-12-07T15:50:00Z"),
			new Document("impactId", "w").append("service", "storage").append("region", "us-east-1"));

	private static final IncidentImpactFacts.Fact ENDED = new IncidentImpactFacts.Fact(5, "ImpactEnded", "w",
			Instant.parse("2021-12-07T18:00:00Z"), Instant.parse("2021-12-07T18:05:00Z"),
			new Document("impactId", "w").append("endedAt", "2021-12-07T18:00:00Z"));

	@Test
	void factsAreAddedOnceEachToTheirIncidentsDocumentInSequenceOrder() {
		assertThat(ImpactBucketsTest.json(List.of(IncidentImpactFacts.add("INC-1", List.of(ENDED, REPORTED)))))
			.containsExactly("{\"_id\": \"INC-1\"} {\"$addToSet\": {\"facts\": {\"$each\": [{\"sequence\": 3, "
					+ "\"type\": \"ImpactReported\", \"impactId\": \"w\", \"occurredAt\": {\"$date\": \"2021-12-07T15:30:00Z\"}, "
					+ "\"recordedAt\": {\"$date\": \"2021-12-07T15:50:00Z\"}, \"payload\": {\"impactId\": \"w\", "
					+ "\"service\": \"storage\", \"region\": \"us-east-1\"}}, {\"sequence\": 5, \"type\": \"ImpactEnded\", "
					+ "\"impactId\": \"w\", \"occurredAt\": {\"$date\": \"2021-12-07T18:00:00Z\"}, "
					+ "\"recordedAt\": {\"$date\": \"2021-12-07T18:05:00Z\"}, \"payload\": {\"impactId\": \"w\", "
					+ "\"endedAt\": \"2021-12-07T18:00:00Z\"}}]}}}");
	}

	@Test
	void theWindowsAsKnownAtATimeFoldOnlyTheFactsRecordedByThen() {
		Document stored = new Document("_id", "INC-1").append("facts",
				List.of(ENDED.toDocument(), REPORTED.toDocument()));
		List<IncidentImpactFacts.Fact> facts = IncidentImpactFacts.facts(stored);
		assertThat(facts).extracting(IncidentImpactFacts.Fact::sequence).containsExactly(3L, 5L);

		ImpactReported reported = new ImpactReported("w", "storage", "us-east-1", ImpactLevel.MAJOR_OUTAGE,
				new BigDecimal("0.5"), Instant.parse("2021-12-07T15:30:00Z"), null, null, null);
		ImpactEnded ended = new ImpactEnded("w", Instant.parse("2021-12-07T18:00:00Z"));

		List<ImpactWindow> before = IncidentImpactFacts.windows(facts, Instant.parse("2021-12-07T18:04:59Z"),
				(type, payload) -> (type == ImpactReported.class) ? reported : ended);
		List<ImpactWindow> after = IncidentImpactFacts.windows(facts, null,
				(type, payload) -> (type == ImpactReported.class) ? reported : ended);

		assertThat(before).singleElement().satisfies((window) -> assertThat(window.open()).isTrue());
		assertThat(after).singleElement()
			.satisfies((window) -> assertThat(window.endedAt()).isEqualTo(Instant.parse("2021-12-07T18:00:00Z")));
		assertThat(IncidentImpactFacts.windows(facts, Instant.parse("2021-12-07T15:49:59Z"), (type, payload) -> {
			throw new AssertionError("nothing recorded by then");
		})).isEmpty();
	}

}
