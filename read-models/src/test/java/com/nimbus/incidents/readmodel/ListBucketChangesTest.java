package com.nimbus.incidents.readmodel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.readmodel.IncidentListDocument.Row;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write that brings a bucket up to date, computed from the bucket as read: rows only
 * move forward, counts move by exactly what the rows replaced counted for, and a parent's
 * copy of a child's counts only moves to a newer one.
 */
class ListBucketChangesTest {

	private static final String DAY = "2021-12-07";

	private static final Instant DECLARED = Instant.parse("2021-12-07T15:48:00Z");

	private static Row row(String id, long version, IncidentStatus status, Severity severity, List<String> services) {
		return new Row(id, version, "Errors in " + services, severity, status, services, List.of("us-east-1"), DECLARED,
				(status == IncidentStatus.RESOLVED) ? DECLARED.plusSeconds(3600) : null);
	}

	private static Document inserted(ListBucketChanges.Change change) {
		assertThat(change.write()).isInstanceOf(InsertOneModel.class);
		return ((InsertOneModel<Document>) change.write()).getDocument();
	}

	private static UpdateOneModel<Document> update(ListBucketChanges.Change change) {
		assertThat(change.write()).isInstanceOf(UpdateOneModel.class);
		return (UpdateOneModel<Document>) change.write();
	}

	@Test
	void aNewDayHoldsItsRowsAndCountsEachKeyOncePerIncident() {
		ListBucketChanges.Change change = ListBucketChanges.rows(DAY, null,
				List.of(row("INC-1", 0, IncidentStatus.OPEN, Severity.SEV2, List.of("compute.api", "compute.api")),
						row("INC-2", 3, IncidentStatus.OPEN, Severity.SEV1, List.of("dns"))));

		Document day = inserted(change);
		assertThat(change.countsMoved()).isTrue();
		assertThat(day.getString("_id")).isEqualTo(DAY);
		assertThat(day.getLong("rev")).isEqualTo(1);
		assertThat(day.getLong("crev")).isEqualTo(1);
		assertThat(ListBucketDocument.counts(day)).isEqualTo(Map.ofEntries(Map.entry("OPEN", 2L),
				Map.entry("OPEN|severity:SEV2", 1L), Map.entry("OPEN|severity:SEV1", 1L),
				Map.entry("OPEN|service:compute%2Eapi", 1L), Map.entry("OPEN|service:dns", 1L),
				Map.entry("OPEN|region:us-east-1", 2L), Map.entry("OPEN|severity:SEV2|service:compute%2Eapi", 1L),
				Map.entry("OPEN|severity:SEV1|service:dns", 1L), Map.entry("OPEN|severity:SEV2|region:us-east-1", 1L),
				Map.entry("OPEN|severity:SEV1|region:us-east-1", 1L),
				Map.entry("OPEN|service:compute%2Eapi|region:us-east-1", 1L),
				Map.entry("OPEN|service:dns|region:us-east-1", 1L)));
		assertThat(ListBucketDocument.decode(day).rows()).extracting(Row::incidentId).containsExactly("INC-1", "INC-2");
	}

	@Test
	void aStatusChangeMovesItsCountsFromOneStatusToTheOther() {
		Document day = inserted(ListBucketChanges.rows(DAY, null,
				List.of(row("INC-1", 2, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))));

		ListBucketChanges.Change change = ListBucketChanges.rows(DAY, day,
				List.of(row("INC-1", 5, IncidentStatus.RESOLVED, Severity.SEV2, List.of("dns"))));

		UpdateOneModel<Document> update = update(change);
		assertThat(change.countsMoved()).isTrue();
		assertThat(update.getFilter()).isEqualTo(new Document("_id", DAY).append("rev", 1L));
		Document increments = ((Document) update.getUpdate()).get("$inc", Document.class);
		assertThat(increments).isEqualTo(new Document("rev", 1L).append("crev", 1L)
			.append("counts.OPEN", -1L)
			.append("counts.OPEN|region:us-east-1", -1L)
			.append("counts.OPEN|service:dns", -1L)
			.append("counts.OPEN|service:dns|region:us-east-1", -1L)
			.append("counts.OPEN|severity:SEV2", -1L)
			.append("counts.OPEN|severity:SEV2|region:us-east-1", -1L)
			.append("counts.OPEN|severity:SEV2|service:dns", -1L)
			.append("counts.RESOLVED", 1L)
			.append("counts.RESOLVED|region:us-east-1", 1L)
			.append("counts.RESOLVED|service:dns", 1L)
			.append("counts.RESOLVED|service:dns|region:us-east-1", 1L)
			.append("counts.RESOLVED|severity:SEV2", 1L)
			.append("counts.RESOLVED|severity:SEV2|region:us-east-1", 1L)
			.append("counts.RESOLVED|severity:SEV2|service:dns", 1L));
		Document set = ((Document) update.getUpdate()).get("$set", Document.class);
		assertThat(IncidentListDocument.decode(set.get("rows.INC-1", Document.class)).version()).isEqualTo(5);
	}

	@Test
	void aNewVersionThatCountsTheSameMovesTheRowAndNotTheCounts() {
		Document day = inserted(ListBucketChanges.rows(DAY, null,
				List.of(row("INC-1", 2, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))));

		ListBucketChanges.Change change = ListBucketChanges.rows(DAY, day, List.of(new Row("INC-1", 3, "Renamed",
				Severity.SEV2, IncidentStatus.OPEN, List.of("dns"), List.of("us-east-1"), DECLARED, null)));

		assertThat(change.countsMoved()).isFalse();
		assertThat(((Document) update(change).getUpdate()).get("$inc", Document.class))
			.isEqualTo(new Document("rev", 1L));
	}

	@Test
	void aNewVersionThatListsTheSameDoesNotRewriteTheDay() {
		Document day = inserted(ListBucketChanges.rows(DAY, null,
				List.of(row("INC-1", 2, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))));

		assertThat(ListBucketChanges.rows(DAY, day,
				List.of(row("INC-1", 9, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))))
			.isNull();
		assertThat(row("INC-1", 9, IncidentStatus.OPEN, Severity.SEV2, List.of("dns"))
			.listsAs(row("INC-1", 2, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))).isTrue();
		assertThat(row("INC-1", 9, IncidentStatus.OPEN, Severity.SEV1, List.of("dns"))
			.listsAs(row("INC-1", 2, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))).isFalse();
	}

	@Test
	void aRowAtItsVersionOrOlderChangesNothing() {
		Document day = inserted(ListBucketChanges.rows(DAY, null,
				List.of(row("INC-1", 4, IncidentStatus.RESOLVED, Severity.SEV2, List.of("dns")))));

		assertThat(ListBucketChanges.rows(DAY, day,
				List.of(row("INC-1", 4, IncidentStatus.RESOLVED, Severity.SEV2, List.of("dns")))))
			.isNull();
		assertThat(ListBucketChanges.rows(DAY, day,
				List.of(row("INC-1", 2, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))))
			.isNull();
	}

	@Test
	void aParentCopiesAChildsCountsOnceAndMovesByTheDifference() {
		Document child = new Document("_id", DAY).append("crev", 3L)
			.append("counts", new Document("OPEN", 2L).append("RESOLVED", 1L));
		Document month = inserted(ListBucketChanges.parts("2021-12", null, Map.of(DAY, child)));
		assertThat(ListBucketDocument.counts(month)).isEqualTo(Map.of("OPEN", 2L, "RESOLVED", 1L));
		assertThat(ListBucketDocument.decode(month).parts()).isEqualTo(Map.of(DAY, Map.of("OPEN", 2L, "RESOLVED", 1L)));
		assertThat(month.get("children")).isEqualTo(new Document(DAY, true));
		assertThat(ListBucketChanges.parts("2021-12", month, Map.of(DAY, child))).isNull();
		assertThat(ListBucketChanges.behind(month, DAY, child)).isFalse();

		Document moved = new Document("_id", DAY).append("crev", 4L)
			.append("counts", new Document("OPEN", 1L).append("RESOLVED", 2L).append("gone", 0L));
		assertThat(ListBucketChanges.behind(month, DAY, moved)).isTrue();
		ListBucketChanges.Change change = ListBucketChanges.parts("2021-12", month, Map.of(DAY, moved));

		UpdateOneModel<Document> update = update(change);
		assertThat(update.getFilter()).isEqualTo(new Document("_id", "2021-12").append("rev", 1L));
		assertThat(((Document) update.getUpdate()).get("$inc", Document.class)).isEqualTo(
				new Document("rev", 1L).append("crev", 1L).append("counts.OPEN", -1L).append("counts.RESOLVED", 1L));
		assertThat(((Document) update.getUpdate()).get("$set", Document.class)).isEqualTo(new Document("parts." + DAY,
				new Document("crev", 4L).append("counts", new Document("OPEN", 1L).append("RESOLVED", 2L)))
			.append("children." + DAY, true));
	}

	@Test
	void namesAreFieldNamesNotPaths() {
		assertThat(ListBucketDocument.field("a.b$c%d\0")).isEqualTo("a%2Eb%24c%25d%00");
		assertThat(ListBucketDocument.key("OPEN", ListBucketDocument.SERVICE, "api.v2"))
			.isEqualTo("OPEN|service:api%2Ev2");
	}

	@Test
	void everyPairOfDimensionsIsCountedOnceWithTheStatusInTheOrderSeverityServiceRegion() {
		Row row = new Row("INC-9", 4, "Errors", Severity.SEV1, IncidentStatus.OPEN, List.of("api", "dns", "api"),
				List.of("eu-west-1", "us-east-1"), DECLARED, null);

		assertThat(ListBucketDocument.countKeys(row)).containsExactlyInAnyOrder("OPEN", "OPEN|severity:SEV1",
				"OPEN|service:api", "OPEN|service:dns", "OPEN|region:eu-west-1", "OPEN|region:us-east-1",
				"OPEN|severity:SEV1|service:api", "OPEN|severity:SEV1|service:dns",
				"OPEN|severity:SEV1|region:eu-west-1", "OPEN|severity:SEV1|region:us-east-1",
				"OPEN|service:api|region:eu-west-1", "OPEN|service:api|region:us-east-1",
				"OPEN|service:dns|region:eu-west-1", "OPEN|service:dns|region:us-east-1");
		assertThat(ListBucketDocument.key("OPEN",
				List.of(new ListBucketDocument.Criterion("region", "us-east-1"),
						new ListBucketDocument.Criterion("severity", "SEV1"))))
			.isEqualTo("OPEN|severity:SEV1|region:us-east-1");
	}

	@Test
	void aDayCountsEachPairByValue() {
		List<Row> rows = List.of(
				new Row("INC-1", 1, "a", Severity.SEV1, IncidentStatus.OPEN, List.of("api"), List.of("eu"), DECLARED,
						null),
				new Row("INC-2", 1, "b", Severity.SEV1, IncidentStatus.OPEN, List.of("api", "dns"), List.of("us"),
						DECLARED, null),
				new Row("INC-3", 1, "c", Severity.SEV2, IncidentStatus.OPEN, List.of("api"), List.of("eu", "us"),
						DECLARED, null),
				new Row("INC-4", 1, "d", Severity.SEV1, IncidentStatus.RESOLVED, List.of("api"), List.of("eu"),
						DECLARED, DECLARED.plusSeconds(60)));

		Map<String, Long> counts = ListBucketDocument.counts(inserted(ListBucketChanges.rows(DAY, null, rows)));

		assertThat(counts).containsEntry("OPEN|severity:SEV1|service:api", 2L)
			.containsEntry("OPEN|severity:SEV1|service:dns", 1L)
			.containsEntry("OPEN|severity:SEV2|service:api", 1L)
			.containsEntry("OPEN|severity:SEV1|region:eu", 1L)
			.containsEntry("OPEN|severity:SEV1|region:us", 1L)
			.containsEntry("OPEN|severity:SEV2|region:eu", 1L)
			.containsEntry("OPEN|severity:SEV2|region:us", 1L)
			.containsEntry("OPEN|service:api|region:eu", 2L)
			.containsEntry("OPEN|service:api|region:us", 2L)
			.containsEntry("OPEN|service:dns|region:us", 1L)
			.containsEntry("RESOLVED|severity:SEV1|service:api", 1L)
			.containsEntry("RESOLVED|service:api|region:eu", 1L)
			.doesNotContainKey("OPEN|service:dns|region:eu")
			.doesNotContainKey("OPEN|severity:SEV2|service:dns");
		// each pair counted against the rows one by one
		for (Map.Entry<String, Long> count : counts.entrySet()) {
			long rowsWithKey = rows.stream()
				.filter((row) -> ListBucketDocument.countKeys(row).contains(count.getKey()))
				.count();
			assertThat(count.getValue()).as(count.getKey()).isEqualTo(rowsWithKey);
		}
		// OPEN: 7 of up to one dimension, 10 pairs; RESOLVED: 4 and 3
		assertThat(counts).hasSize(24);
	}

	@Test
	void aSeverityChangeMovesItsPairsAndLeavesTheServiceAndRegionPair() {
		Document day = inserted(ListBucketChanges.rows(DAY, null,
				List.of(row("INC-1", 2, IncidentStatus.OPEN, Severity.SEV2, List.of("dns")))));

		UpdateOneModel<Document> update = update(ListBucketChanges.rows(DAY, day,
				List.of(row("INC-1", 3, IncidentStatus.OPEN, Severity.SEV1, List.of("dns")))));

		assertThat(((Document) update.getUpdate()).get("$inc", Document.class))
			.isEqualTo(new Document("rev", 1L).append("crev", 1L)
				.append("counts.OPEN|severity:SEV1", 1L)
				.append("counts.OPEN|severity:SEV1|region:us-east-1", 1L)
				.append("counts.OPEN|severity:SEV1|service:dns", 1L)
				.append("counts.OPEN|severity:SEV2", -1L)
				.append("counts.OPEN|severity:SEV2|region:us-east-1", -1L)
				.append("counts.OPEN|severity:SEV2|service:dns", -1L));
	}

	@Test
	void aValueThatLooksLikeASecondDimensionIsOneValue() {
		assertThat(ListBucketDocument.key("OPEN", ListBucketDocument.SERVICE, "api|region:eu"))
			.isEqualTo("OPEN|service:api%7Cregion:eu")
			.isNotEqualTo(ListBucketDocument.key("OPEN", List.of(new ListBucketDocument.Criterion("service", "api"),
					new ListBucketDocument.Criterion("region", "eu"))));
	}

}
