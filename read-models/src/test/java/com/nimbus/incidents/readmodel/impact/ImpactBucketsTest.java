package com.nimbus.incidents.readmodel.impact;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.readmodel.impact.ImpactChange.Recorded;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored shape of the month buckets and open windows, pinned: the projector writes
 * it, the query service reads it.
 */
class ImpactBucketsTest {

	private static final ImpactChange OPENED = ImpactChange.of("INC-B", List.of(), List.of(
			new Recorded(1, Instant.parse("2021-12-30T10:00:00Z"), window("w2", "2021-12-30T09:00:00Z", null)),
			new Recorded(2, Instant.parse("2021-12-30T10:01:00Z"), window("w1", "2021-11-30T09:00:00Z", null))));

	private static final ImpactChange ENDED = ImpactChange.of("INC-A", List.of(),
			List.of(new Recorded(1, Instant.parse("2021-12-01T10:00:00Z"), window("w", "2021-12-01T09:00:00Z", null)),
					new Recorded(2, Instant.parse("2022-01-03T00:00:00Z"),
							new ImpactEnded("w", Instant.parse("2022-01-02T00:00:00Z")))));

	@Test
	void monthsAreAddedAsSetsOfIncidentIdsByMonthKey() {
		assertThat(json(ImpactBuckets.monthAdds(List.of(OPENED, ENDED)))).containsExactly(
				"{\"_id\": \"2021-11\"} {\"$addToSet\": {\"incidentIds\": {\"$each\": [\"INC-B\"]}}}",
				"{\"_id\": \"2021-12\"} {\"$addToSet\": {\"incidentIds\": {\"$each\": [\"INC-A\", \"INC-B\"]}}}",
				"{\"_id\": \"2022-01\"} {\"$addToSet\": {\"incidentIds\": {\"$each\": [\"INC-A\"]}}}");
	}

	@Test
	void windowsOpenAtSomeVersionAreAddedBeforeTheFactsAndEndedOnesRemovedAfter() {
		assertThat(json(ImpactBuckets.openAdds(List.of(OPENED, ENDED)))).containsExactly(
				"{\"_id\": \"open\"} {\"$addToSet\": {\"windows\": {\"$each\": [{\"incidentId\": \"INC-A\", \"impactId\": \"w\"}, "
						+ "{\"incidentId\": \"INC-B\", \"impactId\": \"w1\"}, {\"incidentId\": \"INC-B\", \"impactId\": \"w2\"}]}}}",
				"{\"_id\": \"closed-2022-01\"} {\"$addToSet\": {\"incidentIds\": {\"$each\": [\"INC-A\"]}}}");
		assertThat(json(ImpactBuckets.openPulls(List.of(OPENED, ENDED)))).containsExactly(
				"{\"_id\": \"open\"} {\"$pullAll\": {\"windows\": [{\"incidentId\": \"INC-A\", \"impactId\": \"w\"}]}}");
		assertThat(ImpactBuckets.openPulls(List.of(OPENED))).isEmpty();
	}

	@Test
	void aReportAsKnownInThePastReadsTheWindowsEndedSinceByMonth() {
		Instant now = Instant.parse("2022-03-10T00:00:00Z");

		assertThat(ImpactBuckets.openKeys(now, now)).containsExactly("open");
		assertThat(ImpactBuckets.openKeys(Instant.parse("2022-04-01T00:00:00Z"), now)).containsExactly("open");
		assertThat(ImpactBuckets.openKeys(Instant.parse("2021-12-31T23:59:59Z"), now)).containsExactly("open",
				"closed-2021-12", "closed-2022-01", "closed-2022-02", "closed-2022-03", "closed-2022-04");
	}

	@Test
	void theIncidentsOfABucketAreItsIdsOrThoseOfItsWindows() {
		assertThat(ImpactBuckets.incidentIds(new Document("_id", "2021-12").append("incidentIds", List.of("B", "A"))))
			.containsExactly("A", "B");
		assertThat(
				ImpactBuckets.incidentIds(
						new Document("_id", "open").append("windows",
								List.of(new Document("incidentId", "B").append("impactId", "w1"),
										new Document("incidentId", "B").append("impactId", "w2")))))
			.isEqualTo(Set.of("B"));
	}

	private static ImpactReported window(String impactId, String from, String to) {
		return new ImpactReported(impactId, "storage", "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
				Instant.parse(from), (to != null) ? Instant.parse(to) : null, null, null);
	}

	static List<String> json(List<WriteModel<Document>> writes) {
		return writes.stream().map((write) -> {
			UpdateOneModel<Document> update = (UpdateOneModel<Document>) write;
			return ((Document) update.getFilter()).toJson() + " " + ((Document) update.getUpdate()).toJson();
		}).toList();
	}

}
