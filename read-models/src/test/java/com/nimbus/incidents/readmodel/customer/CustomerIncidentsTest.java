package com.nimbus.incidents.readmodel.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.model.UpdateOneModel;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.history.ImpactWindow;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerIncidentsTest {

	private static final ImpactWindow COMPUTE = window("compute", "compute-api", "2021-12-07T15:30:00Z",
			"2021-12-08T00:28:00Z");

	private static final ImpactWindow STORAGE_FOR_GLOBEX = window("storage", "object-storage", "2021-12-07T15:00:00Z",
			null, "globex");

	@Test
	void theCandidatesAreTheCustomersOfAWindowsComponentThatItConcerns() {
		Map<String, Set<String>> customers = Map.of("compute-api|us-east-1", Set.of("acme", "initech"),
				"object-storage|us-east-1", Set.of("acme", "globex"));

		assertThat(CustomerIncidents.candidates(List.of(COMPUTE, STORAGE_FOR_GLOBEX), customers))
			.containsExactly("acme", "globex", "initech");
		assertThat(CustomerIncidents.candidates(List.of(STORAGE_FOR_GLOBEX), customers)).containsExactly("globex");
		assertThat(CustomerIncidents.candidates(List.of(COMPUTE), Map.of())).isEmpty();
	}

	@Test
	void aRefSpansTheWindowsThatConcernTheCustomerOpenWhileOneIs() {
		assertThat(CustomerIncidents.ref("INC-1", 7, "acme", List.of(COMPUTE, STORAGE_FOR_GLOBEX)))
			.contains(new CustomerIncidents.Ref("INC-1", 7, Instant.parse("2021-12-07T15:30:00Z"),
					Instant.parse("2021-12-08T00:28:00Z")));
		assertThat(CustomerIncidents.ref("INC-1", 7, "globex", List.of(COMPUTE, STORAGE_FOR_GLOBEX)))
			.contains(new CustomerIncidents.Ref("INC-1", 7, Instant.parse("2021-12-07T15:00:00Z"), null));
		assertThat(CustomerIncidents.ref("INC-1", 7, "acme", List.of(STORAGE_FOR_GLOBEX))).isEmpty();
	}

	@Test
	void aRefMayOverlapAPeriodByTheRuleTheViewAppliesToEachWindow() {
		CustomerIncidents.Ref ended = new CustomerIncidents.Ref("INC-1", 1, Instant.parse("2021-12-07T15:30:00Z"),
				Instant.parse("2021-12-08T00:28:00Z"));
		CustomerIncidents.Ref open = new CustomerIncidents.Ref("INC-1", 1, Instant.parse("2021-12-07T15:30:00Z"), null);

		assertThat(ended.mayOverlap(null, null)).isTrue();
		assertThat(ended.mayOverlap(Instant.parse("2021-12-08T00:28:00Z"), null)).isFalse();
		assertThat(ended.mayOverlap(Instant.parse("2021-12-08T00:27:59Z"), null)).isTrue();
		assertThat(ended.mayOverlap(null, Instant.parse("2021-12-07T15:30:00Z"))).isFalse();
		assertThat(open.mayOverlap(Instant.parse("2030-01-01T00:00:00Z"), null)).isTrue();
	}

	@Test
	void aRefIsWrittenAsTheMaximumOfItsSequenceTaggedValueAndReadBack() {
		UpdateOneModel<Document> write = (UpdateOneModel<Document>) CustomerIncidents.write("acme",
				new CustomerIncidents.Ref("INC-1.x$", 7, Instant.parse("2021-12-07T15:30:00Z"), null));

		assertThat(((Document) write.getFilter()).toJson()).isEqualTo("{\"_id\": \"acme\"}");
		assertThat(((Document) write.getUpdate()).toJson())
			.isEqualTo("{\"$max\": {\"refs.INC-1%2Ex%24\": {\"sequence\": 7, \"firstStart\": {\"$date\": "
					+ "\"2021-12-07T15:30:00Z\"}, \"lastEnd\": null}}}");
		assertThat(write.getOptions().isUpsert()).isTrue();
		Document stored = new Document("_id", "acme").append("refs", new Document("INC-1%2Ex%24",
				((Document) ((Document) write.getUpdate()).get("$max")).get("refs.INC-1%2Ex%24")));
		assertThat(CustomerIncidents.refs(stored))
			.containsExactly(new CustomerIncidents.Ref("INC-1.x$", 7, Instant.parse("2021-12-07T15:30:00Z"), null));
		assertThat(CustomerIncidents.incidentId(CustomerIncidents.field("100%.$"))).isEqualTo("100%.$");
	}

	@Test
	void anEndedRefIsWrittenInEveryMonthOfItsSpanAnOpenOneInItsFirstAfterTheCustomersMonths() {
		CustomerIncidents.Ref ended = new CustomerIncidents.Ref("INC-1", 4, Instant.parse("2021-11-30T23:00:00Z"),
				Instant.parse("2022-01-01T00:00:00Z"));
		CustomerIncidents.Ref open = new CustomerIncidents.Ref("INC-2", 2, Instant.parse("2021-11-30T23:00:00Z"), null);

		assertThat(CustomerIncidents.months(ended)).containsExactly(YearMonth.of(2021, 11), YearMonth.of(2021, 12));
		assertThat(CustomerIncidents.months(open)).containsExactly(YearMonth.of(2021, 11));
		CustomerIncidents.Writes writes = CustomerIncidents.writes(Map.of("acme", List.of(ended, open)));
		assertThat(writes.months()).singleElement()
			.satisfies((write) -> assertThat(((Document) ((UpdateOneModel<Document>) write).getUpdate()).toJson())
				.isEqualTo("{\"$addToSet\": {\"months\": {\"$each\": [\"2021-11\", \"2021-12\"]}}}"));
		assertThat(writes.refs()).extracting((write) -> ((UpdateOneModel<Document>) write).getFilter().toString())
			.containsExactly("Document{{_id=acme|2021-11}}", "Document{{_id=acme|2021-12}}",
					"Document{{_id=acme|2021-11}}");
	}

	@Test
	void theKeysOfAPeriodAreTheCustomersMonthsItMeets() {
		List<YearMonth> months = List.of(YearMonth.of(2021, 10), YearMonth.of(2021, 11), YearMonth.of(2021, 12));

		assertThat(CustomerIncidents.keys("acme", months, null, null)).containsExactly("acme|2021-10", "acme|2021-11",
				"acme|2021-12");
		assertThat(CustomerIncidents.keys("acme", months, Instant.parse("2021-11-01T00:00:00Z"),
				Instant.parse("2021-12-01T00:00:00Z")))
			.containsExactly("acme|2021-11");
		assertThat(CustomerIncidents.keys("acme", months, Instant.parse("2021-11-30T23:59:59Z"), null))
			.containsExactly("acme|2021-11", "acme|2021-12");
		assertThat(CustomerIncidents.keys("acme", months, null, Instant.parse("2021-10-01T00:00:01Z")))
			.containsExactly("acme|2021-10");
	}

	@Test
	void aMonthIndexListsMonthsInOrderUndatedLast() {
		Map<String, java.util.Set<YearMonth>> months = new java.util.TreeMap<>();
		java.util.Set<YearMonth> component = new java.util.HashSet<>();
		component.add(null);
		component.add(YearMonth.of(2021, 12));
		months.put("compute-api|us-east-1", component);

		UpdateOneModel<Document> write = (UpdateOneModel<Document>) MonthIndex.adds(months).get(0);
		assertThat(((Document) write.getUpdate()).toJson())
			.isEqualTo("{\"$addToSet\": {\"months\": {\"$each\": [\"2021-12\", \"undated\"]}}}");
		assertThat(write.getOptions().isUpsert()).isTrue();
		assertThat(MonthIndex.months(new Document("months", List.of("undated", "2022-01", "2021-12"))))
			.containsExactly(YearMonth.of(2021, 12), YearMonth.of(2022, 1), null);
		assertThat(Components.monthKeys("compute-api|us-east-1", Arrays.asList(YearMonth.of(2021, 12), null)))
			.containsExactly("compute-api|us-east-1|2021-12", "compute-api|us-east-1|undated");
	}

	private static ImpactWindow window(String impactId, String service, String from, String to, String... named) {
		return new ImpactWindow(impactId, service, "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
				Instant.parse(from), (to != null) ? Instant.parse(to) : null, null, List.of(named), false, 0);
	}

}
